"""Offline training of the classifier's linear models (`make train`); needs the dev extra."""
