#!/usr/bin/python3
"""Reference values for refnet's stats on a network directory, from NetworkX.

    /usr/bin/python3 tests/data/stats-reference.py DIR   (karate, miserables)

Reads DIR/contacts.csv, DIR/ties.csv and DIR/ties-unweighted.csv exactly as
refnet reads them and writes DIR/reference.tsv: one line per value,
"measure<TAB>contact id<TAB>value" (id "-" for network-wide values), values
printed with repr() so they read back to the same double.

Conventions, chosen to compare like with like with refnet (and igraph):
  betweenness            unweighted (ties-unweighted.csv), normalized=False:
                         NetworkX then counts each unordered pair once for an
                         undirected graph, as igraph does.
  betweenness_weighted   on ties.csv with cost = -ln(strength) + 1e-6 per tie,
                         refnet's definition (docs/stats.md), with exact path
                         lengths.  NetworkX tests lengths for exact equality,
                         igraph and refnet with a relative tolerance of 1e-10;
                         with float costs two paths of the same length
                         (strengths 2/7 x 3/7 and 6/7 x 1/7) differ in the
                         last bit and NetworkX counts only one of them.  So
                         here a cost is exact: the strength is a fraction k/d
                         (recovered from the CSV text), -ln(k/d) is a sum of
                         integer multiples of logs of primes, and a path's
                         length is the vector of those multiples plus its hop
                         count; lengths are equal when the vectors are, and
                         ordered by their value to 50 digits.
  constraint             Burt's constraint with weight = strength (ties.csv);
                         scaling all weights does not change it.
  transitivity           nx.transitivity (3 x triangles / connected triples).
  average_clustering     nx.average_clustering over contacts with two or more
                         ties (refnet leaves out the others; NetworkX would
                         count them as 0).

Needs Debian's python3-networkx (2.8), which loads in /usr/bin/python3.
"""
import csv
import os
import sys
from decimal import Decimal, getcontext
from fractions import Fraction

import networkx as nx

COST_SHIFT = 1e-6
getcontext().prec = 50


def factor(n):
    """{prime: exponent} of a positive integer."""
    f, p = {}, 2
    while p * p <= n:
        while n % p == 0:
            f[p] = f.get(p, 0) + 1
            n //= p
        p += 1
    if n > 1:
        f[n] = f.get(n, 0) + 1
    return f


class ExactCost:
    """-ln of a product of rational strengths, plus 1e-6 per hop, exactly."""

    def __init__(self, exps, hops):
        self.exps = exps            # {prime: multiple of ln(prime)}
        self.hops = hops
        self.value = sum((Decimal(p).ln() * e for p, e in exps.items()), Decimal(0)) \
            + Decimal(hops) * Decimal(COST_SHIFT)

    @classmethod
    def of_strength(cls, text):
        q = Fraction(text).limit_denominator(100000)   # 0.2857142857142857 -> 2/7
        exps = factor(q.denominator)
        for p, e in factor(q.numerator).items():
            exps[p] = exps.get(p, 0) - e
        return cls({p: e for p, e in exps.items() if e}, 1)

    def __add__(self, other):
        if other == 0:
            return self
        exps = dict(self.exps)
        for p, e in other.exps.items():
            exps[p] = exps.get(p, 0) + e
        return ExactCost({p: e for p, e in exps.items() if e}, self.hops + other.hops)

    __radd__ = __add__

    def key(self):
        return (tuple(sorted(self.exps.items())), self.hops)

    def __eq__(self, other):
        if not isinstance(other, ExactCost):
            return other == 0 and not self.exps and self.hops == 0
        return self.key() == other.key()

    def __lt__(self, other):
        if not isinstance(other, ExactCost):
            return self.value < other
        return self != other and self.value < other.value

    def __gt__(self, other):
        if not isinstance(other, ExactCost):
            return self.value > other
        return self != other and self.value > other.value

    __hash__ = None


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load(d, ties_file):
    g = nx.Graph()
    for row in read_rows(os.path.join(d, "contacts.csv")):
        g.add_node(row["id"])
    for row in read_rows(os.path.join(d, ties_file)):
        s = row.get("strength") or ""
        strength = float(s) if s.strip() else 0.5
        g.add_edge(row["a"], row["b"], strength=strength,
                   cost=ExactCost.of_strength(s.strip() or "0.5"))
    return g


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: stats-reference.py DIR")
    d = sys.argv[1]
    weighted = load(d, "ties.csv")
    plain = load(d, "ties-unweighted.csv")
    ids = [row["id"] for row in read_rows(os.path.join(d, "contacts.csv"))]

    out = []
    b = nx.betweenness_centrality(plain, normalized=False, weight=None)
    out += [("betweenness", v, b[v]) for v in ids]
    bw = nx.betweenness_centrality(weighted, normalized=False, weight="cost")
    out += [("betweenness_weighted", v, bw[v]) for v in ids]
    c = nx.constraint(weighted, weight="strength")
    out += [("constraint", v, c[v]) for v in ids if weighted.degree(v) > 0]
    out.append(("transitivity", "-", nx.transitivity(weighted)))
    two = [v for v in ids if weighted.degree(v) >= 2]
    out.append(("average_clustering", "-", nx.average_clustering(weighted, nodes=two)))

    with open(os.path.join(d, "reference.tsv"), "w", encoding="utf-8") as f:
        f.write("# from reference.py with NetworkX %s; see README.md\n" % nx.__version__)
        for measure, v, value in out:
            f.write("%s\t%s\t%r\n" % (measure, v, value))


if __name__ == "__main__":
    main()
