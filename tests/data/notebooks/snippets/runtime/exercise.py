# %% square [solution]
def square(v):
    return v * v

# %% square-exercise
def square(v):
    ...  # return v times itself

# %% check
result = square(7)

# %% report
print("square(7) =", result)
