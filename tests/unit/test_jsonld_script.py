"""The JSON-LD blocks a page carries: the json module's compact form, escaped for <script>."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from recordhub import metadata

# any text a title or summary may hold, lone surrogates aside: no page's UTF-8 can hold one
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


def _as_the_json_module_writes(obj: object) -> str:
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{data}</script>'


@given(TEXT, TEXT)
def test_a_block_is_what_the_json_module_wrote(name: str, title: str) -> None:
    obj = {
        "@type": "Article",
        "name": name,
        "headline": Markup(title),  # a title is Markup: written as the text it is
        "position": 3,
        "items": [{"@type": "ListItem", "name": name}, True, None],
    }
    assert metadata.script([obj, {"n": name}]) == "\n".join(
        [_as_the_json_module_writes(obj), _as_the_json_module_writes({"n": name})]
    )


def test_no_value_can_close_the_script_element() -> None:
    block = metadata.script([{"name": "</script><script>alert(1)</script> & \u2028"}])
    assert block.count("</script>") == 1
    inner = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(inner)["name"] == "</script><script>alert(1)</script> & \u2028"
