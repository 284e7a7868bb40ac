"""language.py: Danish sentences, LIX, passives, stiff words and the warnings editors read."""
from __future__ import annotations

import pytest

from sitegen.checks import language
from sitegen.checks.language import analyse, language_findings, lix
from sitegen.checks.sentences import split_sentences, words

BUREAUCRATIC = (
    "I henhold til ovennævnte skal der foretages en vurdering af, hvorvidt sagen skal behandles "
    "i henhold til servicelovens § 52, stk. 3, jf. § 50, hvorefter der fremsendes en afgørelse "
    "til de pågældende forældre, såfremt dette vurderes relevant."
)


# --- sentences ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # abbreviations that need a following word
    ("Ledelsen lægger bl.a. op til, at der tilføres ressourcer. Det er godt.",
     ["Ledelsen lægger bl.a. op til, at der tilføres ressourcer.", "Det er godt."]),
    ("Vi bruger f.eks. IT-systemer. Fx Word.", ["Vi bruger f.eks. IT-systemer.", "Fx Word."]),
    ("Se reglerne, jf. Serviceloven. Dvs. Ikke mere.", ["Se reglerne, jf. Serviceloven.", "Dvs. Ikke mere."]),
    ("Du kan evt. Ringe. Vi svarer ca. 9 gange.", ["Du kan evt. Ringe.", "Vi svarer ca. 9 gange."]),
    ("Sagen følger § 52, stk. 3, jf. § 50. Læs mere.", ["Sagen følger § 52, stk. 3, jf. § 50.", "Læs mere."]),
    ("Se s. 4 og pkt. 7 i bilag nr. 2. Ring på tlf. 46 46 46 46.",
     ["Se s. 4 og pkt. 7 i bilag nr. 2.", "Ring på tlf. 46 46 46 46."]),
    ("Prisen er inkl. Moms og ekskl. Gebyr.", ["Prisen er inkl. Moms og ekskl. Gebyr."]),
    ("Brev vedr. Din sag pga. Flytning.", ["Brev vedr. Din sag pga. Flytning."]),
    ("Vi taler hhv. Dansk og engelsk, iflg. Planen.", ["Vi taler hhv. Dansk og engelsk, iflg. Planen."]),
    ("Spørgsmål mht. Betaling.", ["Spørgsmål mht. Betaling."]),
    # dates and ordinals
    ("Centret blev dannet den 1. januar 2015. Siden er meget sket.",
     ["Centret blev dannet den 1. januar 2015.", "Siden er meget sket."]),
    ("Mødet er onsdag den 5. oktober 2016. Alle er velkomne.",
     ["Mødet er onsdag den 5. oktober 2016.", "Alle er velkomne."]),
    ("Sagerne skal være rettet inden udgangen af 1. kvartal 2017.",
     ["Sagerne skal være rettet inden udgangen af 1. kvartal 2017."]),
    ("Mødet er på 3. sal. Tag elevatoren.", ["Mødet er på 3. sal.", "Tag elevatoren."]),
    ("Udvalget mødes den 7. juni 2016 og igen 1. 2. og 3. maj.",
     ["Udvalget mødes den 7. juni 2016 og igen 1. 2. og 3. maj."]),
    ("Der var 50 deltagere i 2016. Det var flere end ventet.",
     ["Der var 50 deltagere i 2016.", "Det var flere end ventet."]),
    # times
    ("Mødet er kl. 17.00-18.30 i Domus Felix. Vi giver kaffe.",
     ["Mødet er kl. 17.00-18.30 i Domus Felix.", "Vi giver kaffe."]),
    ("Alle møder er kl. 17.00. Kom i god tid.", ["Alle møder er kl. 17.00.", "Kom i god tid."]),
    ("Vi starter kl. 17. Så spiser vi.", ["Vi starter kl. 17.", "Så spiser vi."]),
    # amounts: "kr." and "mio." end a sentence only before a capital letter
    ("Kommunen bruger 62,5 mio. kr. på området. Det er mange penge.",
     ["Kommunen bruger 62,5 mio. kr. på området.", "Det er mange penge."]),
    ("Det koster 5 kr. Det er billigt.", ["Det koster 5 kr.", "Det er billigt."]),
    ("Vi har 2 mia. kr. i alt.", ["Vi har 2 mia. kr. i alt."]),
    ("Vi lægger nøgletal m.v. frem. Vi skriver osv. Alle kan følge med.",
     ["Vi lægger nøgletal m.v. frem.", "Vi skriver osv.", "Alle kan følge med."]),
    ("Forældre, lærere m.fl. deltog. Det var godt.", ["Forældre, lærere m.fl. deltog.", "Det var godt."]),
    # e-mail, web addresses, initials, ellipsis
    ("Send en mail til Jan Dehn på jajo@lejre.dk senest 1 uge før borgermødet. Vel mødt!",
     ["Send en mail til Jan Dehn på jajo@lejre.dk senest 1 uge før borgermødet.", "Vel mødt!"]),
    ("Skriv til jajo@lejre.dk. Vi svarer hurtigt.", ["Skriv til jajo@lejre.dk.", "Vi svarer hurtigt."]),
    ("Status kan findes på www.lejre.dk. Se også https://www.lejre.dk/boern.",
     ["Status kan findes på www.lejre.dk.", "Se også https://www.lejre.dk/boern."]),
    ("Brevet er skrevet af A. B. Hansen fra kommunen.", ["Brevet er skrevet af A. B. Hansen fra kommunen."]),
    ("Vi venter ... og venter. Så kommer svaret... Endelig!",
     ["Vi venter ... og venter.", "Så kommer svaret...", "Endelig!"]),
    # questions, exclamations and quotes
    ("Hvad er et Forældreekspertpanel? Det er et mødeforum.",
     ["Hvad er et Forældreekspertpanel?", "Det er et mødeforum."]),
    ('Hun sagde: "Vi kommer." Så gik hun.', ['Hun sagde: "Vi kommer."', "Så gik hun."]),
    ('Det er godt. "Vi kommer igen," sagde hun.', ["Det er godt.", '"Vi kommer igen," sagde hun.']),
    ("Hvad nu? spurgte han.", ["Hvad nu? spurgte han."]),
    ("", []),
    ("   \n\n  ", []),
])
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    # Markdown headings and list items are sentence units of their own
    ("## Hvad er forældreekspertpanelet?\nForældreekspertpanelet er et mødeforum.",
     ["Hvad er forældreekspertpanelet?", "Forældreekspertpanelet er et mødeforum."]),
    ("## Del dine erfaringer\n\nVi ved det.", ["Del dine erfaringer", "Vi ved det."]),
    ("Forbedringerne handler om:\n\n- at hovedbudskabet er i centrum\n- færre paragraffer\n"
     "- bedre sprog med færre passiver",
     ["Forbedringerne handler om:", "at hovedbudskabet er i centrum", "færre paragraffer",
      "bedre sprog med færre passiver"]),
    ("1. Tilfældighed\n2. Gennemsigtighed", ["Tilfældighed", "Gennemsigtighed"]),
    ("* Onsdag den 5. oktober 2016 kl. 17.00-18.30 i Domus Felix\n"
     "* Onsdag den 7. december 2016 kl. 17.00-18.30 i Kirke Saaby",
     ["Onsdag den 5. oktober 2016 kl. 17.00-18.30 i Domus Felix",
      "Onsdag den 7. december 2016 kl. 17.00-18.30 i Kirke Saaby"]),
    ("| Dato | Sted |\n|---|---|\n| 5. oktober | Domus Felix |",
     ["Dato | Sted |", "5. oktober | Domus Felix |"]),
    # a hard-wrapped paragraph stays one sentence; a list item goes on over a lazy line
    ("Vi ved, at der er meget utilfredshed blandt nogle forældre, og at nogle\n"
     "deler dårlige oplevelser med hinanden. Det vil vi gerne høre om.",
     ["Vi ved, at der er meget utilfredshed blandt nogle forældre, og at nogle "
      "deler dårlige oplevelser med hinanden.", "Det vil vi gerne høre om."]),
    ("* Der findes et sted, hvor vi taler sammen, som handler om at skabe\n"
     "tidligere og bedre dialog med borgerne.\n* Din indgang",
     ["Der findes et sted, hvor vi taler sammen, som handler om at skabe tidligere og bedre "
      "dialog med borgerne.", "Din indgang"]),
    # ... but an abbreviation at the end of a wrapped line does not end the sentence
    ("Ledelsen lægger bl.a.\nop til mere personale.", ["Ledelsen lægger bl.a. op til mere personale."]),
    ("Forældrene efterspørger:\nat samarbejdet opleves som mindre tilfældigt.\n",
     ["Forældrene efterspørger:", "at samarbejdet opleves som mindre tilfældigt."]),
])
def test_split_markdown_and_lines(text, expected):
    assert split_sentences(text) == expected


def test_unwrapped_text_has_one_unit_per_line():
    """Markdown reduced to text line for line: list items lose their dash, but keep their line."""
    long_line = ("Panelet er en del af kommunens arbejde med at forbedre kvaliteten i sagsbehandlingen "
                 "på det specialiserede børneområde.")
    text = f"{long_line}\nForbedringerne handler om:\nat hovedbudskabet er i centrum\nfærre paragraffer"
    assert split_sentences(text) == [long_line, "Forbedringerne handler om:",
                                     "at hovedbudskabet er i centrum", "færre paragraffer"]


# --- words and LIX -------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Vi holder møde i dag.", ["Vi", "holder", "møde", "i", "dag"]),
    ("Børne- og Ungerådgivningen bruger IT-systemer.", ["Børne", "og", "Ungerådgivningen", "bruger", "IT-systemer"]),
    ("ca. 62,5 mio. kr. kl. 17.00-18.30", ["ca", "62,5", "mio", "kr", "kl", "17.00-18.30"]),
    ("bl.a. f.eks. m.fl. fx", ["bl.a", "f.eks", "m.fl", "fx"]),
    ("Skriv til jajo@lejre.dk eller se www.lejre.dk.", ["Skriv", "til", "jajo@lejre.dk", "eller", "se", "www.lejre.dk"]),
    ("Crème brûlée på café; Müller § 52", ["Crème", "brûlée", "på", "café", "Müller", "52"]),
    ("", []),
])
def test_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 8 words / 2 sentences + 100 * 1 long ("velkomne") / 8 = 4 + 12.5
    ("Vi holder møde i dag. Alle er velkomne.", 16.5),
    # 12 words / 2 sentences + 100 * 3 long (Kommunen, behandler, hurtigt) / 12 = 6 + 25
    ("Kommunen behandler din sag hurtigt. Du får svar inden for fire uger.", 31.0),
    # 7 words / 2 sentences + 100 * 1 / 7: "kl." and "17.00" do not end the first sentence
    ("Mødet er kl. 17.00. Alle er velkomne.", 3.5 + 100 / 7),
    # 1 word, 1 sentence, 1 long: 1 + 100
    ("Forældreekspertpanel", 101.0),
    # six letters is not long: 2 words / 1 sentence
    ("Holder møder.", 2.0),
    ("", 0.0),
    ("  \n ", 0.0),
])
def test_lix(text, expected):
    assert lix(text) == pytest.approx(expected)


def test_lix_of_the_bureaucratic_sentence():
    report = analyse(BUREAUCRATIC)
    assert (report.sentence_count, report.word_count, report.long_word_count) == (1, 36, 16)
    assert report.lix == pytest.approx(36 + 1600 / 36)
    assert report.lix == lix(BUREAUCRATIC)


@pytest.mark.parametrize("score, label", [
    (16.5, "meget let tekst"), (30, "let tekst"), (44, "middelsvær tekst"),
    (44.9, "middelsvær tekst"), (45, "svær tekst"), (56, "meget svær tekst"),
])
def test_lix_label(score, label):
    assert language.lix_label(score) == label


# --- passives ----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Din sag skal behandles hurtigt.", ["skal behandles"]),
    ("Der kan søges om støtte.", ["kan søges"]),
    ("Der afholdes borgermøde i Domus Felix.", ["Der afholdes"]),
    ("I foråret 2023 blev der afholdt to forældreworkshops.", ["blev der afholdt"]),
    ("Forældreekspertpanelet bliver afholdt som offentlige borgermøder.", ["bliver afholdt"]),
    ("Mødet blev afholdt i Domus Felix.", ["blev afholdt"]),
    ("Sagen bliver behandlet af en rådgiver.", ["bliver behandlet"]),
    ("Sagen er blevet vurderet.", ["er blevet vurderet"]),
    ("Siden vil blive opdateret løbende.", ["vil blive opdateret"]),
    ("Materialet må ikke bruges uden tilladelse.", ["må ikke bruges"]),
    ("At der udarbejdes en dagsorden inden møder.", ["der udarbejdes"]),
    ("Alle er enige i, at kvaliteten i sagsbehandlingen skal forbedres.", ["skal forbedres"]),
    ("Resultatet kan ses på siden.", ["kan ses"]),
    ("Du bliver mødt med respekt, og din sag bliver ikke glemt.", ["bliver mødt", "bliver ikke glemt"]),
    ("Der skal udarbejdes en handleplan.", ["skal udarbejdes"]),
    ("Vi bliver ofte spurgt om det.", ["bliver ofte spurgt"]),
    ("Planen skal følges op hver måned.", ["skal følges"]),
    ("De sager, der behandles nu, er nye.", ["der behandles"]),
    (BUREAUCRATIC, ["der foretages", "skal behandles", "der fremsendes"]),
])
def test_passive_found(text, expected):
    assert list(analyse(text).passives) == expected


@pytest.mark.parametrize("text", [
    # deponent verbs: end in -s, mean something active
    "Der findes et sted, hvor vi taler sammen.",
    "Der findes et sted, hvor vi skaber tid til det vigtigste.",
    "Vi synes, det er godt.",
    "I må også gerne rose os, når I synes, der er grund til det.",
    "Det lykkes.",
    "Det kan lykkes, hvis vi arbejder sammen.",
    "Panelet mødes fire gange om året.",
    "Panelet skal mødes fire gange.",  # "mødes" is never flagged, see the module docstring
    "Vi ses i morgen.",
    "Børnene trives, og familierne kan færdes frit.",
    "Vi mindes de gode møder og længes efter flere.",
    "Der skal ikke skændes.",
    "Vi kan enes om en plan, og det behøves ikke at tage lang tid.",
    # genitives and nouns that end in -s or -es
    "Kommunens medarbejdere hjælper børnenes familier.",
    "Lejre Kommunes hjemmeside viser barnets plan.",
    "Der er en kommunes ansvar for alles børn.",
    "Vi vil gerne høre deres og jeres erfaringer.",
    "Det skal være anderledes.",
    "Der er fælles regler for alle.",
    "Der er pres på økonomien.",
    "Du kan kontakte os.",
    # "blive" with adjectives and adverbs
    "Det blev meget bedre.",
    "Det bliver godt.",
    "Det bliver muligt at deltage.",
    "Han blev træt af at vente.",
    "Samarbejdet bliver bedre.",
    # active sentences
    "Vi behandler din sag.",
    "Kommunen holder møde.",
])
def test_passive_not_found(text):
    assert analyse(text).passives == ()


# --- references and stiff words --------------------------------------------------

def test_dense_references():
    report = analyse(BUREAUCRATIC + " Reglen står i § 52.")
    assert report.references == 5
    assert report.dense_references == ((BUREAUCRATIC, 4),)
    assert report.references_per_100_words == pytest.approx(100 * 5 / 40)
    assert analyse("Se § 52, stk. 3.").dense_references == ()


@pytest.mark.parametrize("text, expected", [
    ("Ovennævnte sag er lukket.", ["Ovennævnte"]),
    ("Vi fremsender et brev.", ["fremsender"]),
    ("Du får hjælp i henhold til loven.", ["i henhold til"]),
    ("Kommunen skal foretage en vurdering.", ["foretage en vurdering"]),
    ("Vi foretager et tjek.", ["foretager"]),
    ("Ledelsen iværksætter tiltag.", ["iværksætter"]),
    ("Brev vedrørende din sag.", ["vedrørende"]),
    ("Såfremt du ønsker det, ringer vi.", ["Såfremt"]),
    ("Vi ringer, idet sagen haster.", ["idet"]),
    ("Endvidere kan du klage.", ["Endvidere"]),
    ("Vi hjælper familier, herunder børn og unge.", ["herunder"]),
    ("Se listen herunder.", []),  # a position on the page, checked elsewhere
    ("Reglen gælder, jf. loven.", ["jf."]),
    ("Den pågældende medarbejder ringer.", ["pågældende"]),
    ("Du får svar i forbindelse med mødet.", ["i forbindelse med"]),
    ("Vi mødes med henblik på at aftale en plan.", ["med henblik på"]),
    ("Du modtager et brev.", ["modtager"]),
    ("Vi anmoder om dine papirer.", ["anmoder"]),
    ("Du kan tilkendegive din mening.", ["tilkendegive"]),
    ("Der forefindes ingen papirer.", ["forefindes"]),
    ("Dialogen havde et fremadrettet fokus.", ["fremadrettet"]),
    ("Har du indvendinger og/eller spørgsmål?", ["og/eller"]),
    ("Vi finder ud af, hvorvidt du kan få hjælp.", ["hvorvidt"]),
    # whole words only
    ("Idéen er god, og vi foretrækker den.", []),
    ("Der findes et sted, hvor vi taler sammen.", []),
    (BUREAUCRATIC, ["I henhold til", "ovennævnte", "foretages en vurdering", "hvorvidt", "i henhold til",
                    "jf.", "hvorefter", "fremsendes", "pågældende", "såfremt"]),
])
def test_stiff_words(text, expected):
    assert list(analyse(text).stiff_words) == expected


def test_report_is_frozen():
    report = analyse("Vi holder møde i dag.")
    with pytest.raises(AttributeError):
        report.lix = 0  # type: ignore[misc]


def test_long_sentences():
    short = "Vi holder møde i dag."
    assert analyse(f"{short} {BUREAUCRATIC}").long_sentences == ((BUREAUCRATIC, 36),)
    twenty_five = " ".join(["ord"] * 24) + " slut."
    assert analyse(twenty_five).long_sentences == ()
    assert analyse("ord " + twenty_five).long_sentences == (("ord " + twenty_five, 26),)


# --- findings for editors ----------------------------------------------------------

PAGE = f"""## Afgørelser

{BUREAUCRATIC}
Derfor findes der referater, og mødet blev afholdt i Domus Felix.
"""


def test_findings_for_a_long_bureaucratic_sentence():
    path = "content/pages/afgoerelser.md"
    found = language_findings(path, PAGE, 7)
    lines = [problem.format() for problem in found]
    for line in lines:
        assert line.startswith(f"{path}:") and line.endswith(". [råd]")
    # (1 + 36 + 11) words / 3 sentences + 100 * (1 + 16 + 2) long / 48 = 16 + 39.6
    assert analyse(PAGE).lix == pytest.approx(48 / 3 + 1900 / 48)
    assert lines[0] == (f"{path}:7: LIX er 56 (meget svær tekst). Skriv kortere sætninger "
                        "(15-20 ord) og brug kortere ord; sigt efter en LIX under 40. [råd]")
    by_line = {(p.line, p.message) for p in found}
    assert (9, "lang sætning med 36 ord: 'I henhold til ovennævnte skal der foretages en …'") in by_line
    assert (9, "4 henvisninger til §, stk. og jf. i én sætning: "
               "'I henhold til ovennævnte skal der foretages en …'") in by_line
    for phrase in ("der foretages", "skal behandles", "der fremsendes"):
        assert (9, f"passiv form: '{phrase}'") in by_line
    assert (10, "passiv form: 'blev afholdt'") in by_line
    for word in ("ovennævnte", "hvorvidt", "pågældende", "såfremt", "fremsendes"):
        assert (9, f"stift ord: '{word}'") in by_line
    assert (9, "stift udtryk: 'I henhold til'") in by_line
    assert (9, "stift udtryk: 'i henhold til'") not in by_line  # once per line and wording
    assert all(p.field == "" for p in found)
    assert not any("findes" in p.message for p in found)
    assert [p.line for p in found] == sorted(p.line for p in found)


def test_finding_lines_follow_the_text():
    text = "Vi holder møde.\n\nSagen\nskal behandles.\n"
    [problem] = [p for p in language_findings("a.md", text, 10) if "passiv" in p.message]
    assert problem.format() == ("a.md:13: Passiv form: 'skal behandles'. Skriv, hvem der gør hvad, fx "
                                "'vi behandler din sag' i stedet for 'din sag skal behandles'. [råd]")


@pytest.mark.parametrize("text, expected", [
    ("Vi holder møde i dag. Alle er velkomne.", []),  # LIX 16.5
    # 5 words, 1 sentence, 2 long: 5 + 40 = 45
    ("Kommunen holder møde med forældrene.", ["LIX er 45 (svær tekst)"]),
    # 4 words, 1 sentence, 2 long: 4 + 50 = 54
    ("Forældrene deltager i møder.", ["LIX er 54 (svær tekst)"]),
    # 5 words, 1 sentence, 1 long: 5 + 20 = 25
    ("Vi holder møde med forældrene.", []),
])
def test_lix_warning_and_mention(text, expected):
    found = language_findings("a.md", text, 1)
    assert [p.message for p in found if p.message.startswith("LIX er")] == expected
    for problem in found:
        assert language.is_mention(problem) == (analyse(text).lix <= language.LIX_WARN)


def test_clear_text_has_no_findings():
    text = ("## Sådan tilmelder du dig\n\nTilmeld dig, hvis du vil deltage. Det hjælper os med at planlægge "
            "møderne. Send en mail til jajo@lejre.dk senest en uge før mødet.\n")
    assert language_findings("content/pages/om-panelet.md", text, 6) == []
