"""Writes frechet_cases.txt: feature sets and their Fréchet distance computed by numpy, for FrechetDistanceTest.

Run from this directory with Debian's numpy: /usr/bin/python3 make_frechet_cases.py

The reference takes another route than cgan's Java code (which uses symmetric Jacobi eigen-decompositions): the
trace term is sum(sqrt(eigenvalues of S1 @ S2)) from numpy's general (LAPACK geev) eigenvalue solver, the product
S1 S2 being similar to the positive semi-definite S1^1/2 S2 S1^1/2. Covariances are np.cov's (unbiased).

File format, one case after another:
    case <name> <n1> <n2> <d> <expected distance, repr>
    <n1 rows of d values>
    <n2 rows of d values>
"""

import numpy as np


def frechet(a, b):
    mu1, mu2 = a.mean(axis=0), b.mean(axis=0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    eig = np.linalg.eigvals(s1 @ s2)
    cross = np.sum(np.sqrt(np.clip(eig.real, 0.0, None)))
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2.0 * cross)


def correlated(rng, n, d, scale):
    mix = rng.normal(size=(d, d)) * scale
    return rng.normal(size=(n, d)) @ mix + rng.normal(size=d)


def main():
    rng = np.random.RandomState(20140514)
    cases = [
        ("small_independent", rng.normal(size=(50, 3)), rng.normal(loc=0.5, scale=2.0, size=(60, 3))),
        ("correlated_16", correlated(rng, 300, 16, 0.7), correlated(rng, 200, 16, 1.3)),
        ("rank_deficient", correlated(rng, 10, 20, 1.0), correlated(rng, 12, 20, 0.5)),
        ("same_set_shifted", None, None),
    ]
    base = correlated(rng, 40, 5, 1.0)
    cases[3] = ("same_set_shifted", base, base + np.array([1.0, 0.0, -2.0, 0.5, 0.0]))
    with open("frechet_cases.txt", "w") as f:
        for name, a, b in cases:
            f.write(f"case {name} {a.shape[0]} {b.shape[0]} {a.shape[1]} {frechet(a, b)!r}\n")
            for row in np.vstack([a, b]):
                f.write(" ".join(repr(float(v)) for v in row) + "\n")


if __name__ == "__main__":
    main()
