"""Fingerprints: stable hashes, word rules, shingle counts, MinHash estimates, paragraph hashes."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import numpy as np

from newsroom.domain.fingerprint import (
    MINHASH_BINS,
    fingerprint,
    one_permutation_minhash,
    shingle_hashes,
    word_hashes,
)
from newsroom.domain.lsh import low_bits, pack, similarity

URL = "https://example.org/a"


def _text(rng: random.Random, words: int) -> list[str]:
    vocab = [f"w{i}" for i in range(4000)]
    return [rng.choice(vocab) for _ in range(words)]


def test_case_whitespace_and_punctuation_do_not_change_the_content_hash() -> None:
    """Exact copies are judged on words, so layout and case differences vanish."""
    a = fingerprint(URL, "The Board met on Monday.\n\nIt voted 6-1!")
    b = fingerprint("https://other.example/b", "the  board met on monday\n\n\n\nit voted 6 1")
    assert a.content_hash == b.content_hash
    assert a.minhash == b.minhash
    assert a.url_key != b.url_key


def test_one_changed_word_changes_the_content_hash() -> None:
    """A correction of a single word is a different text."""
    assert (
        fingerprint(URL, "eleven countries").content_hash
        != fingerprint(URL, "twelve countries").content_hash
    )


def test_words_are_regex_word_runs_after_case_folding() -> None:
    """The numpy tokenizer agrees with re's \\w+ on accented, CJK and underscore text."""
    text = "Straße, Über-alles x_y 12.5 日本語 naïve café"
    folded = text.casefold()
    expected = re.findall(r"\w+", folded)
    assert word_hashes(folded).hashes.size == len(expected)
    assert fingerprint(URL, text).content_hash == fingerprint(URL, " ".join(expected)).content_hash


def test_shingles_counts_distinct_three_word_windows() -> None:
    """ "a b c d a b c" has the shingles abc, bcd, cda and dab."""
    assert shingle_hashes(word_hashes("a b c d a b c").hashes).size == 4
    assert fingerprint(URL, "a b c d a b c").shingles == 4
    assert fingerprint(URL, "too short").shingles == 1


def test_empty_text_has_an_empty_signature() -> None:
    """No words: no shingles and no MinHash, rather than an error."""
    fp = fingerprint(URL, "  ...  ")
    assert (fp.shingles, fp.minhash) == (0, ())


def test_minhash_has_fixed_length_and_is_stable_across_processes() -> None:
    """Hop-1 workers in different processes must produce identical signatures."""
    text = " ".join(_text(random.Random(1), 300))
    fp = fingerprint(URL, text)
    assert len(fp.minhash) == MINHASH_BINS
    assert all(0 <= v < 2**32 for v in fp.minhash)
    code = (
        "import sys; from newsroom.domain.fingerprint import fingerprint;"
        "print(fingerprint('u', sys.stdin.read()).minhash[:8])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    assert out.stdout.strip() == str(fp.minhash[:8])


def test_estimated_jaccard_tracks_the_true_jaccard() -> None:
    """Over pairs with known overlap, the 8-bit MinHash estimate stays within 0.15 of the truth."""
    rng = random.Random(3)
    errors = []
    for keep in (0.3, 0.5, 0.7, 0.9):
        words = _text(rng, 800)
        cut = int(len(words) * keep)
        a, b = words, words[:cut] + _text(rng, len(words) - cut)
        sa = set(shingle_hashes(word_hashes(" ".join(a)).hashes).tolist())
        sb = set(shingle_hashes(word_hashes(" ".join(b)).hashes).tolist())
        truth = len(sa & sb) / len(sa | sb)
        fa, fb = fingerprint(URL, " ".join(a)), fingerprint(URL, " ".join(b))
        errors.append(
            abs(
                similarity(low_bits(fa.minhash), fa.shingles, pack(fb.minhash), fb.shingles).jaccard
                - truth
            )
        )
    assert max(errors) < 0.15


def test_densification_fills_every_bin_of_short_texts() -> None:
    """Texts with fewer shingles than bins still get a full signature, equal for equal sets."""
    hashes = shingle_hashes(word_hashes("one two three four five six").hashes)
    sig = one_permutation_minhash(hashes)
    assert len(sig) == MINHASH_BINS
    assert sig == one_permutation_minhash(np.sort(hashes))


def test_paragraph_hashes_follow_paragraphs_in_order() -> None:
    """One hash per non-empty paragraph; equal paragraphs hash equally."""
    fp = fingerprint(URL, "First part here.\n\nSecond part.\n\n\n\nFirst part here.")
    assert len(fp.paragraphs) == 3
    assert fp.paragraphs[0] == fp.paragraphs[2] != fp.paragraphs[1]
