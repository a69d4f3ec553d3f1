from ingest.layout import strip_running_lines


def test_strips_repeated_headers_and_page_numbers_but_not_content():
    pages = [
        "Rhein-Sieg-Kreis\nVorlage Nr. 2020/0345\nDer Kreistag hat beschlossen.\nSeite 1 von 3",
        "Rhein-Sieg-Kreis – Vorlage Nr. 2020/0345\nDie Förderung beträgt 80 %.\nSeite 2 von 3",
        "Rhein-Sieg-Kreis – Vorlage Nr. 2020/0345\nUm Kenntnisnahme wird gebeten.\nSeite 3 von 3",
    ]
    assert strip_running_lines(pages) == [
        "Rhein-Sieg-Kreis\nVorlage Nr. 2020/0345\nDer Kreistag hat beschlossen.",
        "Die Förderung beträgt 80 %.",
        "Um Kenntnisnahme wird gebeten.",
    ]


def test_single_page_keeps_everything_but_its_page_number():
    assert strip_running_lines(["Betreff: Haushalt 2021\nText.\n- 1 -"]) == ["Betreff: Haushalt 2021\nText."]
