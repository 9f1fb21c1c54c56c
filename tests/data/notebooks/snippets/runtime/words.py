# %% read
from pathlib import Path

from textutil import longest

words = (Path(__file__).parent / "words.txt").read_text().split()
print(len(words), "words, the longest:", longest(words))
