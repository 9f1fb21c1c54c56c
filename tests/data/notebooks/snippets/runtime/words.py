# %% read
from pathlib import Path

words = (Path(__file__).parent / "words.txt").read_text().split()
print(len(words), "words, the longest:", max(words, key=len))
