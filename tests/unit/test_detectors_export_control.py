"""export_control: tightened, eased, announced; non-government and commodity licences."""

from datetime import datetime, timezone

from newsalert.models import Article
from processors.detectors import DETECTORS

DET = DETECTORS["export_control"]


def art(text: str, published: str = "2025-10-26") -> Article:
    return Article(id="e", title="", published=datetime.fromisoformat(published).replace(tzinfo=timezone.utc),
                   text=text)


def test_tightened():
    (e,) = DET.detect(art("China tightened controls on rare-earth exports on Thursday, the commerce ministry said."))
    assert e.imposer == "China" and e.status == "tightened"


def test_eased_with_target():
    (e,) = DET.detect(art("The Commerce Department said it intends to approve export licenses for two firms to "
                          "sell computers to Iran.", "1987-03-11"))
    assert e.imposer == "US" and e.target == "Iran" and e.status == "eased"


def test_two_imposers_pledge():
    events = DET.detect(art("Brazil and China have pledged to limit their exports of tin to 21,000 and 7,000 "
                            "tonnes.", "1987-03-02"))
    assert {e.imposer for e in events} == {"Brazil", "China"}


def test_not_events():
    assert DET.detect(art("Senators introduced export licensing reform legislation.")) == []
    assert DET.detect(art("U.S. export controls are intended to deny Eastern bloc countries access to technology.")) == []
    assert DET.detect(art("The EC granted export licences for 123,000 tonnes of barley at a rebate.")) == []


def test_restricting_another_countrys_exports_is_an_import_barrier():
    assert DET.detect(art("The report said import quotas maintained by the United States restrict EC exports "
                          "of sugar.")) == []


def test_a_licence_now_required_is_a_tightening_of_the_named_goods():
    for text in ("Chipmaker Arvex said on Tuesday the U.S. government told it a license is required to export its "
                 "M40 accelerators to China.",
                 "The U.S. government has told Arvex it will need a license to export its M40 accelerators to China."):
        (e,) = DET.detect(art(text, "2025-04-16"))
        assert (e.imposer, e.target, e.status, e.items) == ("US", "China", "tightened", "M40 accelerators"), text


def test_an_export_blacklist_is_a_control_list():
    (e,) = DET.detect(art("The Commerce Department added dozens of Chinese entities to its export blacklist on "
                          "Tuesday.", "2025-03-26"))
    assert (e.imposer, e.target, e.status) == ("US", "China", "tightened")


def test_no_licence_needed_is_no_control():
    assert DET.detect(art("Officials said no licence would be needed to export grain to the Soviet Union.",
                          "1987-03-11")) == []


def test_cooperating_on_a_list_ending_in_export_controls_is_no_control():
    # (self-written, White House joint-statement style)
    assert DET.detect(art("The United States and Albania have committed to strengthen economic and national security "
                          "cooperation to enhance supply chain resilience, as well as to combat duty evasion and "
                          "cooperate on investment reviews and export controls.")) == []
    (e,) = DET.detect(art("Albania tightened export controls on dual-use drones on Monday."))
    assert e.imposer == "Albania" and e.status == "tightened"


def test_controls_sought_or_named_as_the_setting_are_no_act():
    for text in ("The United States sought voluntary export restraints from Seoul during the steel talks on Monday.",
                 "Beijing launched a chip fund on Monday in the face of tightened export restrictions from the United "
                 "States."):
        assert DET.detect(art(text)) == [], text


def test_words_that_qualify_the_restraint_are_no_goods():
    for text in ("Tokyo will impose voluntary export restraints, the trade ministry said on Monday.",
                 "Washington will set export limits, the Commerce Department said on Monday."):
        (e,) = DET.detect(art(text))
        assert e.items is None, (text, e.items)  # was "voluntary exports", "set exports"


def test_a_quota_of_the_season_under_way_is_news():
    (e,) = DET.detect(art("Pakistan's rice export quota has been raised by 50,000 tonnes to 400,000 tonnes in 1986/87 "
                          "ending August, the commerce ministry said.", "1987-03-12"))
    assert e.imposer == "Pakistan"
    # a season gone by stays background
    assert DET.detect(art("Pakistan's rice export quota was raised to 400,000 tonnes in 1984/85, the commerce "
                          "ministry said.", "1987-03-12")) == []


def test_a_governments_trade_ban_on_a_country_bans_its_exports_there():
    """'Denmark's government approved a trade ban against Iran' and 'promised to halt all trade with Iran' restrict
    exports (approving a ban is no easing); shoppers boycotting goods are no government (self-written)."""
    (e,) = DET.detect(art("Denmark's government has approved an extensive trade ban against Iran, officials said."))
    assert (e.imposer, e.target) == ("Denmark", "Iran")
    assert e.status != "eased"
    (e,) = DET.detect(art("The Danish government promised to halt all trade with Iran by October."))
    assert (e.imposer, e.target) == ("Denmark", "Iran")
    assert DET.detect(art("Danish shoppers are boycotting American products.")) == []


def test_lifting_an_economy_is_no_easing():
    """'appreciated Chile's plans to cut exports and lift domestic growth instead': no control eased; lifting a ban
    is (self-written)."""
    text = ("Chile's 1987 copper export restraint to Peru is not enough, Peru's trade chief said. He said Peru "
            "appreciated Chile's plans to cut exports and lift domestic growth instead.")
    assert all(e.status != "eased" for e in DET.detect(art(text, "1987-04-26")))
    lifted = DET.detect(art("Chile lifted its ban on copper exports to Peru on Monday.", "1987-04-26"))
    assert [e.status for e in lifted] == ["eased"]
