"""An FAQ's questions as search engines and readers take them: every question answered, at
least one question, and anchors that do not move when a question is added above."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from htmldoc import of_type, page
from hubtest import SITE_YML, make_site, run_cli

HOME = {"content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"}
HEAD = "---\ntitle: Questions\ntype: faq\n---\nIntro.\n\n"


def _build(tmp_path: Path, body: str, *flags: str) -> tuple[str, Path]:
    hub = make_site(tmp_path / "hub", {**HOME, "content/faq.md": HEAD + body})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out", *flags)
    assert "Traceback" not in run.err
    return run.err, tmp_path / "out"


def _faq_page(out: Path) -> list[dict[str, Any]]:
    return of_type(page(out, "faq/index.html"), "FAQPage")


def test_a_question_with_no_answer_is_warned_of_at_its_line(tmp_path: Path) -> None:
    body = (
        "## Data\n\n"
        "### Do you sell data?\n\n"  # line 9 of the file
        "### Who can see it?\n\n"
        "Nobody but you.\n\n"
        "```\n### a code sample, not a question\n```\n\n"
        "### Where is it kept?\n\n"  # line 19
        "Updated: 2026-01-02\n"
    )
    err, out = _build(tmp_path, body)
    assert (
        "content/faq.md:9:1: warning: the question 'Do you sell data?' has no answer\n"
        "  hint: write the answer below the question, before the next heading" in err
    )
    assert "content/faq.md:19:1: warning: the question 'Where is it kept?' has no answer" in err
    assert "Who can see it?' has no answer" not in err
    (faq,) = _faq_page(out)
    # only answered questions: Google takes no Question whose answer has no text
    assert faq["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Who can see it?",
            "acceptedAnswer": {
                "@type": "Answer",
                "text": "Nobody but you. ### a code sample, not a question",
            },
        }
    ]


def test_an_unanswered_question_fails_a_strict_build(tmp_path: Path) -> None:
    err, out = _build(tmp_path, "### Do you sell data?\n", "--strict")
    assert "has no answer" in err
    assert not out.exists()


def test_an_faq_without_questions_is_warned_of_and_carries_no_faqpage(tmp_path: Path) -> None:
    err, out = _build(tmp_path, "## Do you sell data?\n\nNo.\n\n## Who sees it?\n\nYou.\n")
    assert (
        "content/faq.md: warning: this FAQ has no questions\n"
        "  hint: write each question as a ### heading; ## headings are its categories" in err
    )
    assert _faq_page(out) == []


def test_questions_of_only_punctuation_or_symbols_keep_their_anchors(tmp_path: Path) -> None:
    first = "### ???\n\nWhy not.\n\n### 🔒\n\nLocked.\n"
    _, out = _build(tmp_path / "a", first)
    html = (out / "faq/index.html").read_text(encoding="utf-8")
    assert '<h3 id="u003f-u003f-u003f">' in html and '<h3 id="u1f512">' in html
    # a question added above does not move them, as numbering them _1, _2 would
    _, out = _build(tmp_path / "b", "### ¿¡!\n\nHm.\n\n" + first)
    html = (out / "faq/index.html").read_text(encoding="utf-8")
    assert '<h3 id="u003f-u003f-u003f">' in html and '<h3 id="u1f512">' in html
    assert '<h3 id="u00bf-u00a1-u0021">' in html


def test_without_the_toc_extension_an_faq_still_has_its_questions(tmp_path: Path) -> None:
    site = SITE_YML + "markdown: {extensions: [tables, fenced_code, attr_list]}\n"
    files = {**HOME, "content/faq.md": HEAD + "### Do you sell data?\n\nNo.\n"}
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "--strict", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "no questions" not in run.err


def test_an_updated_line_that_is_nearly_right_is_warned_of_at_its_line(tmp_path: Path) -> None:
    body = (
        "### Do you sell data?\n\n**Updated:** 2026-03-01\n\nNo.\n\n"  # lines 7 and 9
        "### Who sees it?\n\n*Updated: 2026-03-02*\n\nYou.\n\n"  # line 13
        "### Where is it?\n\nupdated: 2026-03-03\n\nHere.\n\n"  # line 19
        "### When?\n\nUpdated: 2026-03-04\n\nNow.\n"  # read as its date: nothing to tell
    )
    err, _ = _build(tmp_path, body)
    near = [line for line in err.splitlines() if "not read as the answer's date" in line]
    assert near == [
        "content/faq.md:9:1: warning: '**Updated:** 2026-03-01' under a question is not read as "
        "the answer's date",
        "content/faq.md:15:1: warning: '*Updated: 2026-03-02*' under a question is not read as "
        "the answer's date",
        "content/faq.md:21:1: warning: 'updated: 2026-03-03' under a question is not read as "
        "the answer's date",
    ]
    assert (
        "  hint: write it as Updated: YYYY-MM-DD, with a capital U and no bold or italics, on "
        "the line below the question" in err
    )


def test_a_question_asked_again_on_the_page_is_warned_of_at_its_line(tmp_path: Path) -> None:
    body = (
        "## Data\n\n"
        "### Is *my* data sold?\n\n"  # line 9 of the file
        "No.\n\n"
        "### Where is it kept?\n\n"
        "In Virginia.\n\n"
        "## Money\n\n"
        "### Is my  data SOLD?\n\n"  # line 19: the same question, written differently
        "Never.\n"
    )
    err, out = _build(tmp_path, body)
    assert (
        "content/faq.md:19:1: warning: the question 'Is my data SOLD?' is asked again: "
        "it is already asked at line 9\n"
        "  hint: merge the two answers under one question, or reword one of them" in err
    )
    assert err.count("is asked again") == 1
    assert (out / "faq/index.html").exists()  # a warning: the page is still built


def test_two_questions_that_share_an_id_are_not_called_the_same_question(tmp_path: Path) -> None:
    body = "### Where is it? {#where}\n\nHere.\n\n### Who sees it? {#where}\n\nNobody.\n"
    err, _ = _build(tmp_path, body)
    assert "two elements with the id 'where'" in err  # its own warning
    assert "is asked again" not in err


def test_a_category_with_no_question_under_it_is_warned_of_at_its_line(tmp_path: Path) -> None:
    body = (
        "## Data\n\n"
        "### Is my data sold?\n\n"
        "No.\n\n"
        "## Money\n\n"  # line 13 of the file
        "```\n## a code sample, not a category\n```\n\n"
        "## Do you show ads?\n\n"  # line 19: a question written with one # too few
        "No.\n"
    )
    err, out = _build(tmp_path, body)
    hint = "  hint: write its questions under it as ### headings; a question is ###, not ##"
    assert f"content/faq.md:13:1: warning: the category 'Money' has no questions\n{hint}" in err
    assert (
        f"content/faq.md:19:1: warning: the category 'Do you show ads?' has no questions\n{hint}"
        in err
    )
    assert "'Data' has no questions" not in err
    assert (out / "faq/index.html").exists()


def test_a_question_with_no_text_is_warned_of_and_left_out_of_the_faqpage(tmp_path: Path) -> None:
    body = (
        "## Data\n\n"
        "### Is my data sold?\n\n"
        "No.\n\n"
        "###\n\n"  # line 13 of the file: a question begun, not yet written
        "Only in Virginia.\n\n"
        "### <span></span>\n\n"  # line 17: nothing a reader sees either
        "Nobody.\n\n"
        "###\n"  # line 21: nor an answer, which is not told of as well
    )
    err, out = _build(tmp_path, body)
    hint = "  hint: write the question after ###, or remove the heading"
    assert f"content/faq.md:13:1: warning: a question has no text\n{hint}" in err
    assert f"content/faq.md:17:1: warning: a question has no text\n{hint}" in err
    assert f"content/faq.md:21:1: warning: a question has no text\n{hint}" in err
    assert err.count("warning:") == 3, err
    assert "is asked again" not in err  # two questions with no text are not one question
    (faq,) = _faq_page(out)
    # Google takes no Question without a name
    assert [q["name"] for q in faq["mainEntity"]] == ["Is my data sold?"]


def test_a_category_with_no_text_is_warned_of_once_at_its_line(tmp_path: Path) -> None:
    body = (
        "##\n\n"  # line 7 of the file: a category begun, not yet named
        "### Is my data sold?\n\n"
        "No.\n\n"
        "## Money\n\n"
        "### Do you show ads?\n\n"
        "No.\n\n"
        "## <span></span>\n"  # line 19: no words, and no questions either
    )
    err, out = _build(tmp_path, body)
    hint = "  hint: write the category after ##, or remove the heading"
    assert f"content/faq.md:7:1: warning: a category has no text\n{hint}" in err
    assert f"content/faq.md:19:1: warning: a category has no text\n{hint}" in err
    assert err.count("warning:") == 2, err  # not also a category '' with no questions
    assert (out / "faq/index.html").exists()


def test_a_category_named_again_is_warned_of_at_its_line(tmp_path: Path) -> None:
    body = (
        "## Security\n\n"  # line 7 of the file
        "### How is my data kept?\n\n"
        "Encrypted.\n\n"
        "## Privacy\n\n"
        "### Who can see it?\n\n"
        "No one.\n\n"
        "## SECURITY\n\n"  # line 19: the same category, under another case
        "### Who audits it?\n\n"
        "Auditors.\n"
    )
    err, out = _build(tmp_path, body)
    assert (
        "content/faq.md:19:1: warning: the category 'SECURITY' is given again: it is already "
        "given at line 7\n"
        "  hint: put the questions of both under one ## heading, or name the two apart"
    ) in err
    assert err.count("warning:") == 1, err
    assert 'id="security_1' in (out / "faq/index.html").read_text()  # what the warning spares


def test_an_empty_heading_that_is_no_question_or_category_is_told_and_left_out(
    tmp_path: Path,
) -> None:
    body = (
        "## Data\n\n"
        "### Is my data sold?\n\n"
        "####\n\n"  # line 11 of the file: under a question, in its answer
        "No.\n\n"
        "###\n\n"  # line 15: a question with no text, which the FAQ tells
        "Yes.\n\n"
        "##\n\n"  # line 19: a category with no text, which the FAQ tells
        "### Who sees it?\n\n"
        "Staff. <h5 class='x'></h5>\n\n"  # line 23, column 8
        "###### ####\n\n"  # line 25: a closing sequence, no text
        "#\n"  # line 27
    )
    err, out = _build(tmp_path, body)
    told = [line for line in err.splitlines() if line.startswith(("content/", "  hint"))]
    assert told == [
        "content/faq.md:11:1: warning: an empty heading (#### with no text): it is left out "
        "of the page",
        "  hint: write the heading's words after ####, or remove it",
        "content/faq.md:15:1: warning: a question has no text",
        "  hint: write the question after ###, or remove the heading",
        "content/faq.md:19:1: warning: a category has no text",
        "  hint: write the category after ##, or remove the heading",
        "content/faq.md:23:8: warning: an empty heading (<h5> with no text): it is left out "
        "of the page",
        "  hint: write the heading's words inside <h5>, or remove it",
        "content/faq.md:25:1: warning: an empty heading (###### with no text): it is left "
        "out of the page",
        "  hint: write the heading's words after ######, or remove it",
        "content/faq.md:27:1: warning: an empty heading (# with no text): it is left out of "
        "the page",
        "  hint: write the heading's words after #, or remove it",
    ]
    html = (out / "faq/index.html").read_text("utf-8")
    prose = html.split('<div class="prose faq-body"', 1)[1].split("</div>", 1)[0]
    assert '<h3 id="is-my-data-sold">Is my data sold?</h3>\n<p>No.</p>' in prose
    assert "<h4" not in prose and "<h5" not in prose and "<h6" not in prose
    assert "<h1" not in prose
    assert prose.count("<h3") == 3 and prose.count("<h2") == 2  # the FAQ's, as it shows them


def test_without_the_toc_extension_an_empty_question_is_told_as_a_heading(
    tmp_path: Path,
) -> None:
    # with no ids the FAQ reads no questions from its headings, and tells none of no text
    site = SITE_YML + "markdown: {extensions: [tables, fenced_code, attr_list]}\n"
    body = HEAD + "### Do you sell data?\n\nNo.\n\n###\n\nYes.\n"  # line 11: ###
    hub = make_site(tmp_path / "hub", {**HOME, "content/faq.md": body}, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert [line for line in run.err.splitlines() if "warning" in line] == [
        "content/faq.md:11:1: warning: an empty heading (### with no text): it is left out of "
        "the page"
    ]
    assert "<h3></h3>" not in (tmp_path / "out/faq/index.html").read_text("utf-8")


def test_a_level_skip_is_told_as_an_faq_shows_its_empty_questions(tmp_path: Path) -> None:
    body = (
        "## Data\n\n"
        "###\n\n"  # line 9 of the file: a question begun, which an FAQ shows
        "Yes.\n\n"
        "#### Where\n\n"  # line 13: under that question on an FAQ, under ## on other pages
        "Here.\n\n"
        "### Who sees it?\n\n"
        "Staff.\n\n"
        "##\n\n"  # line 21: a category begun, which an FAQ shows too
        "#### Deep\n\n"  # line 23: under it on an FAQ, under ### on other pages
        "Text.\n"
    )
    plain = HEAD.replace("type: faq\n", "")  # a line less: its lines are one up
    files = {**HOME, "content/faq.md": HEAD + body, "content/plain.md": plain + body}
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    skip = (
        "warning: a heading of level 4 under one of level 2: the list of headings a screen "
        "reader gives skips a level"
    )
    hint = "  hint: make it ###, one # more than the heading it is under"
    told = [line for line in run.err.splitlines() if line.startswith(("content/", "  hint"))]
    assert told == [
        "content/faq.md:9:1: warning: a question has no text",
        "  hint: write the question after ###, or remove the heading",
        "content/faq.md:21:1: warning: a category has no text",
        "  hint: write the category after ##, or remove the heading",
        f"content/faq.md:23:1: {skip}",
        hint,
        "content/plain.md:8:1: warning: an empty heading (### with no text): it is left out "
        "of the page",
        "  hint: write the heading's words after ###, or remove it",
        f"content/plain.md:12:1: {skip}",
        hint,
        "content/plain.md:20:1: warning: an empty heading (## with no text): it is left out "
        "of the page",
        "  hint: write the heading's words after ##, or remove it",
    ]
