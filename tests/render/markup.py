"""Reading nbgraph's SVG and HTML back: the nodes drawn for ops (by op name), their fill and stroke,
every text the picture shows. Parsing with xml.etree also proves the SVG is well-formed."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
SHAPES = (SVG + "polygon", SVG + "ellipse", SVG + "path")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def texts(svg: str) -> list[str]:
    return [el.text or "" for el in parse(svg).iter(SVG + "text")]


def tags(svg: str) -> set[str]:
    return {el.tag.split("}")[-1] for el in parse(svg).iter()}


def op_nodes(svg: str) -> dict[str, dict]:
    """op name -> {'fill', 'stroke', 'stroke_width', 'texts', 'tooltip'} for every drawn op."""
    out = {}
    for g in parse(svg).iter(SVG + "g"):
        if g.get("class") != "node" or not (g.get("id") or "").startswith("nbgop"):
            continue
        link = next(el for el in g.iter(SVG + "a"))
        tooltip = link.get(XLINK_TITLE)
        shape = next(el for el in g.iter() if el.tag in SHAPES)
        out[tooltip.split(" (")[0]] = {
            "fill": shape.get("fill"), "stroke": shape.get("stroke"),
            "stroke_width": shape.get("stroke-width"), "tooltip": tooltip,
            "texts": [el.text or "" for el in g.iter(SVG + "text")], "id": g.get("id"),
        }
    return out


class _HTMLScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def html_scan(markup: str) -> tuple[set[str], list[str]]:
    """(the element names in an HTML fragment, its text pieces), as a browser would parse it."""
    scan = _HTMLScan()
    scan.feed(markup)
    scan.close()
    return set(scan.tags), scan.text
