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

# %% cube [solution]
def cube(v):
    return v**3

# %% cube-check
print("cube(2) =", cube(2))
