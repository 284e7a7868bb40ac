"""sourcecheck.py: accessibility warnings on editors' Markdown, each at its exact file line."""
from __future__ import annotations

import pytest

from sitegen.checks.sourcecheck import LINK_TEXT_FIX, POSITION_FIX, address_findings, markdown_findings

BODY_LINE = 5  # the body starts at line 5 of the file, so body line n is file line n + 4


def findings(body: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in markdown_findings("content/pages/x.md", body, BODY_LINE)]


def lines_with(body: str, words: str) -> list[int]:
    """File lines of the findings whose message contains `words`."""
    return [line for line, message in findings(body) if words in message]


def test_the_issue_example_names_the_line_and_the_link_text():
    body = "Mødet er holdt.\n\nDu finder referatet [HER](/referater/)\n"
    (problem,) = markdown_findings("content/minutes/x.md", body, BODY_LINE)
    assert problem.line == 7
    assert problem.format() == (
        'content/minutes/x.md:7: Linkteksten "HER" siger ikke, hvor linket fører hen. '
        "Skriv i linkteksten, hvor linket fører hen, fx [Referat af mødet 5. oktober](...). [advarsel]")


@pytest.mark.parametrize("body, lines", [
    ("Tekst\n\n![](kort.png)", [7]),
    ("![ ](kort.png)", [5]),
    ('![](kort.png "Kort")', [5]),
    ("To: ![](a.png) og ![](b.png)", [5, 5]),
    ("![][kort]\n\n[kort]: kort.png", [5]),
    ("![Kort over vejen til rådhuset](kort.png)", []),
    ("![Kort][kort]\n\n[kort]: kort.png", []),
    ("`![](kode.png)`", []),
    ("```\n![](kode.png)\n```", []),
])
def test_images_without_alt_text(body, lines):
    assert lines_with(body, "alternativ tekst") == lines


@pytest.mark.parametrize("body, lines", [
    ("## A\n\n#### B", [7]),  # ## then ####
    ("### A", [5]),  # straight after the page title (h1)
    ("## A\n### B\n##### C\n## D\n#### E", [7, 9]),
    ("## A\n### B\n## C\n### D\n#### E", []),
    ("## A\n#### B\n### C", [6]),
    ("Tekst\n\nB\n---\n\n#### C", [10]),  # a setext ## heading, then ####
    ("```\n## A\n#### B\n```", []),
    ("Tekst om #hashtags", []),
])
def test_skipped_heading_levels(body, lines):
    assert lines_with(body, "springer et niveau over") == lines


@pytest.mark.parametrize("body, lines", [
    ("# Titel igen\n\nTekst", [5]),
    ("## A\n\n#Tæt på", [7]),  # Python-Markdown needs no space after #
    ("Tekst\n\nOverskrift\n==========\n", [7]),
    ("## A\n\nTekst", []),
    ("```\n# kommentar i kode\n```", []),
])
def test_h1_in_the_body(body, lines):
    assert lines_with(body, "er overskrift 1, men det er sidens titel allerede") == lines


@pytest.mark.parametrize("body, text", [
    ("Du finder referatet [HER](/referater/)", "HER"),
    ("[her](/a/)", "her"),
    ("[Klik her](/a/)", "Klik her"),
    ("[klik her!](/a/)", "klik her!"),
    ("[Læs mere …](/a/)", "Læs mere …"),
    ("[læs mere.](/a/)", "læs mere."),
    ("[link](/a/)", "link"),
    ("[Se her](/a/)", "Se her"),
    ("[tryk her](/a/)", "tryk her"),
    ("[Mere](/a/)", "Mere"),
    ("[**her**](/a/)", "**her**"),
    ("[ her ](/a/)", "her"),
    ("[læs\nmere](/a/)", "læs mere"),
    ("[her][ref]\n\n[ref]: /a/", "her"),
    ("Se [her].\n\n[her]: /a/", "her"),
])
def test_link_texts_that_say_nothing(body, text):
    ((line, message),) = findings(body)
    assert line == 5 and message == f'linkteksten "{text}" siger ikke, hvor linket fører hen'


@pytest.mark.parametrize("body", [
    "[Referat af mødet 5. oktober](/referater/2016-10-05/)",
    "[Læs mere om forældrepanelet](/om-panelet/)",
    "Der er her [et link uden problemer](/a/)",
    "[herunder de nye tiltag](/tiltag/)",  # 'her' only as the whole text counts
    "`[her](/a/)`",
    "```\n[her](/a/)\n```",
    "Skriv til [jajo@lejre.dk](mailto:jajo@lejre.dk)",
    "Vi er [her] i listen uden en definition",  # not a link
])
def test_link_texts_that_say_where(body):
    assert findings(body) == []


@pytest.mark.parametrize("body, lines", [
    ("Se [https://www.lejre.dk](https://www.lejre.dk)", [5]),
    ("Se [www.lejre.dk](https://www.lejre.dk)", [5]),
    ("Tekst\n\nSe <https://www.lejre.dk/borger/>", [7]),
    ("Se https://www.lejre.dk/borger/ for mere.", [5]),
    ("Se www.lejre.dk/borger.", [5]),
    ("Udvikling af www.lejre.dk", []),  # a bare domain names the site itself
    ("Se [Lejre Kommunes side om børn](https://www.lejre.dk/borger/)", []),
    ("[Lejre][l]\n\n[l]: https://www.lejre.dk/", []),
    ("`https://www.lejre.dk/`", []),
    ("Skriv til <jajo@lejre.dk>", []),
])
def test_bare_urls(body, lines):
    assert lines_with(body, "webadresse") == lines


def test_bare_url_messages_quote_the_address():
    (problem,) = markdown_findings("x.md", "Se [https://x.dk/a](https://x.dk/a)", 1)
    assert problem.message == 'linkteksten er en bar webadresse ("https://x.dk/a")' and problem.fix == LINK_TEXT_FIX
    (problem,) = markdown_findings("x.md", "Se https://x.dk/a, tak.", 1)
    assert problem.message == 'en webadresse står som bar tekst ("https://x.dk/a")'
    (problem,) = markdown_findings("x.md", "Se www.x.dk/a.", 1)
    assert problem.message == 'en webadresse står som bar tekst ("www.x.dk/a")'
    assert problem.fix.endswith("(https://www.x.dk/a)")


@pytest.mark.parametrize("body, phrases", [
    ("Se boksen til højre.", ["boksen til højre"]),
    ("Læs i boksen til venstre", ["i boksen til venstre"]),
    ("Skemaet nedenfor viser tallene.", ["nedenfor"]),
    ("Som nævnt ovenfor", ["ovenfor"]),
    ("Klik på knappen til højre", ["til højre"]),
    ("Se herover", ["herover"]),
    ("Tallene står i kolonnen med årstal", ["i kolonnen"]),
    ("Se i højre side af siden", ["i højre side"]),
    ("Se listen herunder:", ["herunder"]),
    ("Vi har lavet en oversigt herunder", ["herunder"]),
    ("Vi har lavet en oversigt herunder.", ["herunder"]),
    ("Det kan du se herunder i skemaet", ["herunder"]),
    ("Du kan finde dem herunder sammen med referatet", ["herunder"]),
    ("Herunder kan du se dagsordenen.", ["Herunder"]),
    ("Herunder finder du referatet.", ["Herunder"]),
    ("Nedenfor: en liste", ["Nedenfor"]),
    ("Se [skemaet nedenfor](#skema)", ["nedenfor"]),  # link texts count, addresses do not
    # 'herunder' as 'including' is not a position
    ("Alle tiltag, herunder de nye fra 2017, er med.", []),
    ("Vi taler om sagsbehandling, herunder handleplaner og opfølgning.", []),
    ("nedenforstående og ovenforliggende", []),  # whole words only
    ("Han gik hen til højrefløjen", []),
    ("`til højre`", []),
    ("```\nboksen til højre\n```", []),
    ("Se [afsnittet](/til-hoejre/nedenfor/)", []),
])
def test_references_to_position(body, phrases):
    found = markdown_findings("x.md", body, 1)
    assert [p.message for p in found] == [f'teksten henviser til en placering på siden ("{x}")' for x in phrases]
    assert all(p.fix == POSITION_FIX for p in found)


def test_position_lines():
    body = "Intro\n\nSe listen herunder\n\n- a\n- b\n\nMere tekst nedenfor."
    assert lines_with(body, "placering") == [7, 12]


@pytest.mark.parametrize("body, lines", [
    ("Tekst\n\n| År | Antal |\n|---|---|\n| 2016 | 12 |", []),
    ("År | Antal\n--- | ---\n2016 | 12", []),
    ("| År | Antal |\n|:--|--:|\n| 2016 | 12 |", []),
    ("| År |\n|----|\n| 2016 |", []),
    ("Tekst\n\n| 2016 | 12 |\n| 2017 | 14 |", [7]),  # no |---| line at all
    ("| 2016 | 12 |", [5]),
    ("|---|---|\n| 2016 | 12 |", [5]),  # the |---| line on top
    ("Tekst\n\n|   |   |\n|---|---|\n| 2016 | 12 |", [7]),  # an empty header row
    ("| | |\n|-|-|\n| a | b |\n\n| x | y |\n| 1 | 2 |", [5, 9]),
    ("```\n| a | b |\n| 1 | 2 |\n```", []),
    ("En sætning med | et lodret streg", []),
    ("| citat", []),
])
def test_tables_without_a_header_row(body, lines):
    assert [line for line, message in findings(body) if "tabel" in message] == lines


def test_fenced_code_is_ignored_but_keeps_line_numbers():
    body = "```\n[her](/a/)\n![](a.png)\n# kode\n```\n\n[her](/b/)\n~~~\nnedenfor\n~~~\n"
    assert findings(body) == [(11, 'linkteksten "her" siger ikke, hvor linket fører hen')]


def test_a_clean_body_has_no_findings():
    body = ("## Hvad skete der\n\nForældrepanelet mødtes 5. oktober 2016 kl. 17.00-18.30.\n\n"
            "### Referat\n\nLæs [referatet af mødet 5. oktober](/referater/2016-10-05/).\n\n"
            "| Emne | Ansvarlig |\n|---|---|\n| Handleplaner | Center for Børn og Familie |\n")
    assert findings(body) == []


# Raw HTML (issue 15, item 10): shown as text on the page, so the editor is told -------------------

HTML_MESSAGE = "HTML i teksten bliver vist som tekst, ikke som HTML"


@pytest.mark.parametrize("body, lines", [
    ('<iframe src="https://www.youtube.com/embed/x"></iframe>', [5]),
    ('Tekst\n\n<div class="boks">\nIndhold\n</div>', [7, 9]),
    ("<script>alert(1)</script>", [5]),
    ('Se kortet: <img src="kort.png" alt="Kort over vejen">', [5]),
    ('Læs [referatet](/x/) eller <a href="/y/">dagsordenen</a>.', [5]),
    ("Linje et<br>linje to<br/>og tre<br />", [5]),  # one finding a line
    ("<!-- en note til mig selv -->", [5]),
    ('<IFRAME\n  src="x">', [5]),
    ("Tekst\n<p>Et afsnit</p>", [6]),
])
def test_raw_html_is_a_warning_at_its_line(body, lines):
    assert lines_with(body, HTML_MESSAGE) == lines


@pytest.mark.parametrize("body", [
    "Det tager under 5 < 7 dage, og 8 > 3.",
    "Pil <- og -> og <3 og a<b og a <b c.",
    "Priser <100 kr.> og <tekst> som pladsholder.",
    "Skriv til <jane@lejre.dk> eller se <https://www.lejre.dk/>.",
    "`<iframe>` kan ikke bruges, og ``<div class=\"x\">`` heller ikke.",
    "```\n<div>\n<iframe src=x></iframe>\n```",
    "~~~html\n<br>\n~~~",
    "Tekst.\n\n    <div>kode, rykket ind</div>\n",
])
def test_no_warning_for_less_than_signs_autolinks_or_code(body):
    assert lines_with(body, "HTML") == []


def test_the_raw_html_message_names_the_tag_and_says_what_to_write_instead():
    (problem,) = markdown_findings("content/pages/x.md", 'Se videoen:\n<iframe src="https://v.dk/x"></iframe>', 5)
    assert problem.format() == (
        'content/pages/x.md:6: HTML i teksten bliver vist som tekst, ikke som HTML (<iframe>). '
        "Skriv teksten i Markdown; et link skrives [tekst](adresse); en video eller et kort kan ikke sættes ind. "
        "[advarsel]")


def test_raw_html_is_an_advarsel_of_the_source_gates():
    from sitegen.checks.gates import file_findings
    from sitegen.content.nodes import Map, SourceFile
    from sitegen.core.problems import WARNING

    source = SourceFile(kind="pages", path="content/pages/x.md", stem="x", meta=Map((), 1),
                        body="Kortet:\n\n<iframe src=\"https://kort.dk/x\"></iframe>\n", body_line=4)
    (problem,) = file_findings(source, {})
    assert (problem.line, problem.level) == (6, WARNING) and HTML_MESSAGE in problem.message


# Broken addresses (issue 15, item 11): the page shows the link as text, so publishing is blocked ----

def address_lines(body: str) -> list[int]:
    return [p.line for p in address_findings("content/pages/x.md", body, BODY_LINE)]


@pytest.mark.parametrize("body, lines", [
    ('![x](x" onerror="alert(1))', [5]),
    ('Tekst\n\n![x](x" onerror="alert(1)) og [x](y" onclick="alert(1)).', [7]),  # one finding a line
    ("[x](y' onclick='alert(1))", [5]),
    ('![x](x "t" onerror="a")', [5]),
    ('[x](<y" onclick=a>)', [5]),
    ('[![i](j" onerror="k)](l" onclick="m)', [5]),
    ('[x][r]\n\n[r]: y"onclick="a', [7]),
])
def test_a_broken_address_is_found_at_its_line(body, lines):
    assert address_lines(body) == lines


@pytest.mark.parametrize("body", [
    '[Referat](/referater/a/ "Referatet") og ![Kort](kort.png \'Kort over vejen\')',
    "[Bishop](/a/Bishop's/) og [Fil](/filer/plan(2).pdf) og [Søg](https://www.lejre.dk/?q=a&b=c)",
    '[a](/b/) "et citat" efter linket, og [c](<d e>)',
    '`[x](y" onclick="z)` og\n\n```\n![x](x" onerror="a)\n```',
    '[r]: /b/ "Titel"\n[s]: <https://x.dk/>',
])
def test_ordinary_addresses_are_not_broken(body):
    assert address_lines(body) == []


def test_a_broken_address_blocks_publishing_and_says_what_to_write():
    from sitegen.checks.gates import file_findings
    from sitegen.content.nodes import Map, SourceFile
    from sitegen.core.problems import BLOCKS

    source = SourceFile(kind="pages", path="content/pages/x.md", stem="x", meta=Map((), 1),
                        body='Se kortet:\n![Kort](kort.png" onerror="alert(1))\n', body_line=4)
    (problem,) = file_findings(source, {})
    assert (problem.line, problem.level) == (5, BLOCKS)
    said = problem.format()
    assert said.startswith("content/pages/x.md:5: Billedet virker ikke") and "anførselstegn" in said, said
    assert '![Kort](kort.png" onerror="alert(1))' in said and "[tekst](adresse)" in problem.fix, said
