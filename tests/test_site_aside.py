"""The spec source block set aside while search reads a page, and put back exactly."""

from loopctl.site.aside import put_back, set_aside

BLOCK = ('<div id="spec-source" class="highlight"><span class="filename">a.yaml</span><pre><span></span><code>'
         '<a id="__codelineno-spec-source-1" href="#__codelineno-spec-source-1"></a><span class="nt">role</span>'
         '<span class="p">:</span> <span class="l">Write &lt;b&gt; text</span>\n</code></pre></div>')
PAGE = f"<h2>Full spec</h2>{BLOCK}<p>after</p>"


def test_the_block_is_swapped_for_its_text_and_put_back_exactly():
    light, kept = set_aside(PAGE)
    assert kept == BLOCK and "<span" not in light and "__codelineno" not in light
    assert "role: Write &lt;b&gt; text" in light          # search still reads the YAML, still escaped
    page = f"<html><body>{light}</body></html>"           # as the theme wraps the page's content
    assert put_back(page, kept) == f"<html><body>{PAGE}</body></html>"


def test_a_page_without_a_source_block_is_left_alone():
    assert set_aside("<p>no spec here</p>") == ("<p>no spec here</p>", None)
    assert put_back("<p>x</p>", None) == "<p>x</p>"


def test_an_unclosed_block_is_left_alone():
    html = '<div id="spec-source" class="highlight"><pre><code>role: x'
    assert set_aside(html) == (html, None)
