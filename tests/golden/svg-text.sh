#!/usr/bin/env bash
# svg-text.sh FILE.svg: check that a Graphviz SVG is well-formed XML and print,
# for each node, the text a person sees, as an XML parser reads it (entities
# decoded): the label's lines and the tooltip.  Line breaks inside a label
# or tooltip are shown as " | ".  One xmllint call per node: keep it for
# small drawings.  Used by the render golden cases; needs xmllint.
set -euo pipefail
svg=$1
xmllint --noout "$svg"

x() { xmllint --xpath "$1" "$svg" 2>/dev/null || true; }
sep='@@sep@@'

nodes=$(x "count(//*[@class='node'])")
for ((i = 1; i <= nodes; i++)); do
  n="(//*[@class='node'])[$i]"
  t="($n//*[local-name()='text'])"
  all=$(x "concat(string($n/*[local-name()='title']), '$sep', string($n//*[local-name()='a']/@*[local-name()='title']), '$sep', string($t[1]), '$sep', string($t[2]), '$sep', string($t[3]))")
  title=${all%%"$sep"*}; all=${all#*"$sep"}
  tip=${all%%"$sep"*}; all=${all#*"$sep"}
  l1=${all%%"$sep"*}; all=${all#*"$sep"}
  l2=${all%%"$sep"*}; l3=${all#*"$sep"}
  label=$l1${l2:+ | $l2}${l3:+ | $l3}
  tip=${tip//$'\n'/ | }
  printf 'node %s\n  label:   %s\n  tooltip: %s\n' "$title" "${label%$'\n'}" "${tip%$'\n'}"
done
