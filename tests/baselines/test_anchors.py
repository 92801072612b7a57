"""Entity-only gold speakers get a nearby name as their training mention."""

from __future__ import annotations

from baselines.learned.anchors import anchored
from baselines.learned.features import layout
from baselines.learned.pipeline import _gold_quotes, _known
from benchmark.documents import Attribution, Document, Speaker

TEXT = "Emma smiled. “I shall go,” said Miss Woodhouse. Later “No,” Knightley said. “Why?”"


def doc(*attributions: Attribution) -> Document:
    speakers = [
        Speaker(id="emma", name="Emma Woodhouse", aliases=["Emma", "Miss Woodhouse"]),
        Speaker(id="knightley", name="Mr. Knightley", aliases=["Knightley"]),
    ]
    return Document(id="t/train/1", text=TEXT, speakers=speakers, attributions=list(attributions))


def quote(text: str) -> list[tuple[int, int]]:
    start = TEXT.index(text)
    return [(start, start + len(text))]


def att(i: str, text: str, speaker_id: str | None) -> Attribution:
    return Attribution(id=i, quote=quote(text), speaker_id=speaker_id, type="direct")


def test_the_nearest_name_outside_quotes_becomes_the_speaker() -> None:
    gold = doc(
        att("A", "“I shall go,”", "emma"),
        att("B", "“No,”", "knightley"),
        att("C", "“Why?”", "knightley"),
    )
    first, second, third = anchored([gold])[0].attributions
    assert TEXT[slice(*first.speaker[0])] == "Miss Woodhouse"
    assert TEXT[slice(*second.speaker[0])] == "Knightley"
    assert TEXT[slice(*third.speaker[0])] == "Knightley"


def test_a_name_between_fragments_is_nearest() -> None:
    """ "Sissy is not a name," said Mr. Gradgrind. "Don't call yourself Sissy." names its
    speaker between the fragments, nearer than any name before or after the quote."""
    text = "Knightley came in. “No,” said Knightley, “not today.” Knightley left."
    speakers = [Speaker(id="knightley", name="Mr. Knightley", aliases=["Knightley"])]
    first, second = "“No,”", "“not today.”"
    fragments = [(text.index(q), text.index(q) + len(q)) for q in (first, second)]
    gold = Attribution(id="A", quote=fragments, speaker_id="knightley", type="direct")
    document = Document(id="t/train/2", text=text, speakers=speakers, attributions=[gold])
    (out,) = anchored([document])[0].attributions
    assert out.speaker == [(text.index("Knightley,"), text.index("Knightley,") + 9)]


def test_spans_no_source_and_unnamed_entities_are_kept() -> None:
    given = att("A", "“I shall go,”", "emma").model_copy(update={"speaker": [(0, 4)]})
    none = att("B", "“No,”", None)
    out = anchored([doc(given, none)])[0].attributions
    assert out[0].speaker == [(0, 4)] and out[1].speaker is None


def test_an_unanchored_entity_speaker_is_unknown_not_absent() -> None:
    """The ranker and its "no speaker" threshold learn only from quotes whose speaker is known:
    an entity with no name nearby is not evidence that a quote has no speaker."""
    far = "x" * 450
    text = f"Emma smiled. “I shall go,” she said. {far} “Why?” “No,” he said."
    speakers = [Speaker(id="emma", name="Emma", aliases=[])]

    def at(i: str, q: str, speaker_id: str | None) -> Attribution:
        start = text.index(q)
        return Attribution(
            id=i, quote=[(start, start + len(q))], speaker_id=speaker_id, type="direct"
        )

    gold = Document(
        id="t/train/2",
        text=text,
        speakers=speakers,
        attributions=[
            at("A", "“I shall go,”", "emma"),
            at("B", "“Why?”", "emma"),
            at("C", "“No,”", None),
        ],
    )
    lay = layout(text)
    quotes, found = _gold_quotes(lay, anchored([gold])[0])
    emma = {t for t in range(len(lay.words)) if lay.words[t] == "Emma"}
    assert found == [emma, None, set()]
    kept_quotes, kept = _known(quotes, found)
    assert kept == [emma, set()] and kept_quotes == [quotes[0], quotes[2]]
