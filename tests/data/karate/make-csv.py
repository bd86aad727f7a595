#!/usr/bin/python3
"""Write Zachary's karate club as a refnet network directory (run once).

The network is the one published by W. W. Zachary, "An information flow
model for conflict and fission in small groups", Journal of Anthropological
Research 33 (1977) 452-473: 34 members, 78 friendships, each weighted by the
number of contexts in which the two interacted (1 to 7, Zachary's matrix C).
NetworkX reproduces it as networkx.karate_club_graph() (nodes 0-33, weights
in the 'weight' attribute); this script takes it from there.

Output, next to this script:
  contacts.csv           id 1..34 (Zachary's numbering: NetworkX node k is id k+1),
                         name, and the faction in 'club' (an extra column)
  ties.csv               a, b, strength = weight / 7 (refnet wants (0, 1];
                         constraint does not change when all weights are scaled)
  ties-unweighted.csv    a, b only: every strength is then 0.5, so refnet's
                         -ln(strength) betweenness is plain hop-count betweenness

Run with Debian's python3 (python3-networkx 2.8): /usr/bin/python3 make-csv.py
"""
import csv
import os

import networkx as nx

here = os.path.dirname(os.path.abspath(__file__))
g = nx.karate_club_graph()
assert g.number_of_nodes() == 34 and g.number_of_edges() == 78
top = max(d["weight"] for _, _, d in g.edges(data=True))
assert top == 7

with open(os.path.join(here, "contacts.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "name", "club"])
    for k in sorted(g.nodes):
        w.writerow([k + 1, "Member %d" % (k + 1), g.nodes[k]["club"]])

edges = sorted((min(a, b), max(a, b), d["weight"]) for a, b, d in g.edges(data=True))
with open(os.path.join(here, "ties.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["a", "b", "strength"])
    for a, b, wt in edges:
        w.writerow([a + 1, b + 1, repr(wt / top)])
with open(os.path.join(here, "ties-unweighted.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["a", "b"])
    for a, b, _ in edges:
        w.writerow([a + 1, b + 1])
