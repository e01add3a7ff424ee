"""The example says what PCD 269 says: each fact below quotes the decision's own words.

The decision text is ``../shared/domain/pcd-269-decision.txt``; where it is present, the quoted
sentences are also checked against it, so the tests cannot drift from the source.
"""

from __future__ import annotations

import pytest
from conformance import SHARED
from test_example_model import ask, count, iris, rows

from tomgraph.store import Store

DECISION = SHARED / "domain" / "pcd-269-decision.txt"


def quoted(sentence: str) -> str:
    """``sentence``, checked to stand word for word in the decision where the text is here."""
    if DECISION.is_file():
        text = " ".join(DECISION.read_text(encoding="utf-8").split())
        assert " ".join(sentence.split()) in text, f"not in the decision: {sentence!r}"
    return sentence


def test_pcd_269_has_exactly_three_resolutions_in_order(example_store: Store) -> None:
    found = rows(
        example_store,
        """SELECT ?n ?verb WHERE { ?r tom:resolutionOf met:pcd-269 ; tom:resolutionNumber ?n ;
                                       tom:resolutionVerb ?verb } ORDER BY ?n""",
    )
    assert [(r["n"], r["verb"].rsplit("#")[1]) for r in found] == [
        ("1", "Notes"), ("2", "ApprovesFunding"), ("3", "Delegates"),
    ]


def test_option_3_is_only_noted_never_approved(example_store: Store) -> None:
    quoted("1. Notes that the recommended Option 3: Programmatic and integrated design approach "
           "through a single service provider, offers the most effective and efficient approach "
           "to completing the required design work.")
    assert ask(example_store, """ASK {
        met:pcd-269-r1 tom:resolutionVerb tom:Notes ; tom:concerns met:option-3 .
        met:appraisal-design-approach tom:recommendedOption met:option-3 }""")
    assert not ask(example_store, "ASK { ?d tom:approves met:option-3 }")
    assert not ask(example_store, "ASK { ?r tom:concerns met:option-3 ; tom:resolutionVerb ?v "
                                  "FILTER (?v != tom:Notes) }")


def test_resolution_2_funds_the_part_2_cost_in_line_with_pcd_268_through_the_bloom_route(
    example_store: Store,
) -> None:
    quoted("2. Approves to fund the cost detailed in part 2 of this paper in line with existing "
           "approval PCD 268. This will fund the necessary specialist design resources as well as "
           "the cost of procuring those resources from Bloom Skills and Capability Neutral Vendor "
           "Route to Market.")
    assert ask(example_store, """ASK { met:pcd-269-r2 tom:resolutionVerb tom:ApprovesFunding ;
            tom:concerns ?cost ; tom:inLineWith met:pcd-268 ; tom:fundedBy ?source ;
            tom:procurementRoute met:route-bloom-nvrm .
        ?cost tom:amountKind tom:Cost ; tom:withheldIn "Part 2" .
        ?source a tom:FundingSource }""")


def test_resolution_3_delegates_the_award_within_the_part_2_ceiling(example_store: Store) -> None:
    quoted("3. Agrees to delegate award of the contract resulting from the further competition "
           "under the Bloom Skills and Capability Neutral Vendor Route to Market contract, to the "
           "Commercial Director, providing the value does not exceed the stipulated amount set "
           "out in part 2 of this paper.")
    assert ask(example_store, """ASK { met:pcd-269-r3 tom:resolutionVerb tom:Delegates ;
            tom:delegatesTo met:commercial-director ; tom:concerns ?contract ; tom:limit ?ceiling ;
            tom:condition ?condition .
        ?contract a tom:Contract ; tom:resultsFrom ?competition .
        ?competition a tom:FurtherCompetition ; tom:procurementRoute met:route-bloom-nvrm .
        ?ceiling tom:amountKind tom:ContractCeiling ; tom:withheldIn "Part 2" }""")


def test_no_confidential_amount_has_a_value(example_store: Store) -> None:
    quoted("3.1. The funding position is set out Part 2.")
    assert count(example_store, '?x tom:withheldIn "Part 2"') == 2
    assert not ask(example_store, "ASK { ?x tom:withheldIn ?p ; <https://schema.org/value> ?v }")


def test_the_decision_maker_is_the_dmpc_and_no_date_is_invented(example_store: Store) -> None:
    quoted("That DMPC:")
    assert ask(example_store, "ASK { met:pcd-269 tom:decisionMaker met:dmpc }")
    assert not ask(example_store, "ASK { met:pcd-269 dcterms:date ?d }")


def test_pcd_268_is_known_only_as_the_approval_pcd_269_is_in_line_with(
    example_store: Store,
) -> None:
    quoted("This is in line with existing approval PCD 268.")
    assert ask(example_store, "ASK { met:pcd-269 tom:inLineWith met:pcd-268 }")
    for prop in ("dcterms:date", "tom:decisionMaker", "tom:approves"):
        assert not ask(example_store, f"ASK {{ met:pcd-268 {prop} ?v }}"), prop


def test_the_procurement_is_the_programmes_own_not_an_external_initiative(
    example_store: Store,
) -> None:
    quoted("This paper concerns the procurement of specialist business design resources from a "
           "single market provider")
    assert ask(example_store, """ASK { met:procurement-design-resources a tom:Procurement ;
            tom:procurementFor met:programme ; tom:procurementRoute met:route-bloom-nvrm }""")
    assert not ask(example_store, "ASK { ?x a tom:ExternalInitiative ; rdfs:label ?l "
                                  "FILTER CONTAINS(LCASE(?l), 'design resources') }")


def test_every_priority_project_depends_on_the_design_resources(example_store: Store) -> None:
    quoted("the outputs from that work need to be developed into high level design solutions for "
           "each of the priority projects and will therefore require significant specialist "
           "design resources")
    priority = iris(example_store, "SELECT ?x WHERE { ?x a tom:PriorityProject }")
    assert len(priority) == 12
    dependent = iris(example_store, """SELECT ?x WHERE { ?d tom:dependent ?x ;
                                           tom:dependsOn met:procurement-design-resources }""")
    assert dependent == priority


def test_the_programme_contributes_to_the_blueprint_and_depends_on_mips(
    example_store: Store,
) -> None:
    quoted("The programme cannot contribute fully to the One Met Model Blueprint")
    quoted("The success of all of the new target operating models will be determined by the "
           "MPS’s ability to successfully integrate MiPS")
    assert ask(example_store, """ASK {
        met:programme tom:contributesToBlueprint met:one-met-model-blueprint ;
            tom:dependsOnPlatform met:mips }""")


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [
        ("FinancialCommentsSection", "The funding position is set out Part 2."),
        ("LegalCommentsSection",
         "There are no significant legal implications that arise from these recommendations."),
        ("EqualityCommentsSection",
         "There is no differential impact on diverse communities as a result of these proposals."),
    ],
)
def test_the_financial_legal_and_equality_comments_are_quoted(
    example_store: Store, kind: str, sentence: str
) -> None:
    quoted(sentence)
    found = rows(example_store,
                 f"SELECT ?t WHERE {{ ?s tom:sectionKind tom:{kind} ; tom:text ?t }}")
    assert [r["t"] for r in found] == [sentence]


def test_every_quoted_section_stands_word_for_word_in_the_decision(example_store: Store) -> None:
    if not DECISION.is_file():
        pytest.skip(f"the decision text is not here: {DECISION}")
    for r in rows(example_store, "SELECT ?t WHERE { ?s a tom:DocumentSection ; tom:text ?t "
                                 "FILTER (?s != met:pcd-269-supporting-papers && "
                                 "?s != met:pcd-269-recommendation) }"):
        quoted(r["t"])
    for r in rows(example_store, "SELECT ?t WHERE { ?r tom:wording ?t }"):
        quoted(r["t"])


def test_the_signed_document_and_the_confidential_part_2_are_recorded(example_store: Store) -> None:
    quoted("Signed decision document")
    docs = rows(example_store, """SELECT ?d ?c WHERE { ?d tom:documentOf met:pcd-269 ;
                                                        tom:confidential ?c }""")
    assert {(r["d"].rsplit("/")[-1], r["c"]) for r in docs} == {
        ("pcd-269-report", "false"), ("pcd-269-signed", "false"), ("pcd-269-part-2", "true"),
    }


def test_every_resource_of_the_example_says_where_it_comes_from(example_store: Store) -> None:
    missing = iris(example_store, """SELECT ?x WHERE { GRAPH ?g { ?x a ?c }
        FILTER (STRSTARTS(STR(?x), STR(met:)))
        FILTER NOT EXISTS { ?x tom:provenance ?p } }""")
    assert missing == set()
    unsourced = iris(example_store, """SELECT ?x WHERE { ?x tom:provenance tom:Stated
        FILTER NOT EXISTS { ?x dcterms:source [ a tom:DocumentSection ] }
        FILTER NOT EXISTS { ?x dcterms:source [ a tom:DecisionDocument ] } }""")
    assert unsourced == set()


def test_invented_detail_is_marked_illustrative(example_store: Store) -> None:
    for name in ("option-1", "option-2", "funding-pcd-268", "risk-contract-award-delay",
                 "person-david-marsh", "project-custody-digital-booking"):
        assert ask(example_store, f"ASK {{ met:{name} tom:provenance tom:Illustrative }}"), name
    assert ask(example_store, """ASK { met:option-3 tom:provenance tom:Stated ;
                                        tom:illustrativeProperty tom:score , tom:rank }""")
