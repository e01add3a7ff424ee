"""Exchange files written for the tests: every element and relationship type, nested views,
bendpoints, styles and properties."""

from __future__ import annotations

ELEMENT_TYPES = (
    "BusinessActor BusinessRole BusinessCollaboration BusinessInterface BusinessProcess "
    "BusinessFunction BusinessInteraction BusinessEvent BusinessService BusinessObject Contract "
    "Representation Product ApplicationComponent ApplicationCollaboration ApplicationInterface "
    "ApplicationFunction ApplicationInteraction ApplicationProcess ApplicationEvent "
    "ApplicationService DataObject Node Device SystemSoftware TechnologyCollaboration "
    "TechnologyInterface Path CommunicationNetwork TechnologyFunction TechnologyProcess "
    "TechnologyInteraction TechnologyEvent TechnologyService Artifact Equipment Facility "
    "DistributionNetwork Material Stakeholder Driver Assessment Goal Outcome Principle "
    "Requirement Constraint Meaning Value Resource Capability CourseOfAction ValueStream "
    "WorkPackage Deliverable ImplementationEvent Plateau Gap Grouping Location AndJunction "
    "OrJunction"
).split()
RELATIONSHIP_TYPES = (
    "Composition Aggregation Assignment Realization Serving Access Influence Triggering Flow "
    "Specialization Association"
).split()
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-m">\n'
        '<name xml:lang="en">All types</name><name xml:lang="fr">Tous les types</name>\n'
        '<documentation xml:lang="en">Every type.</documentation>\n')


def every_type_model() -> str:
    """A valid model using every element type and every relationship type."""
    els = "".join(
        f'<element identifier="e-{t}" xsi:type="{t}"><name xml:lang="en">{t} one</name>'
        f'<name xml:lang="de">{t} eins</name>'
        f'<documentation xml:lang="en">About {t} &amp; more</documentation>'
        '<properties><property propertyDefinitionRef="pd-m"><value xml:lang="en">3</value>'
        '</property><property propertyDefinitionRef="pd-t"><value>4</value></property>'
        '</properties></element>\n'
        for t in ELEMENT_TYPES
    )
    rels = []
    for i, kind in enumerate(RELATIONSHIP_TYPES):
        extra = {"Access": ' accessType="ReadWrite"', "Influence": ' modifier="++"',
                 "Association": ' isDirected="true"'}.get(kind, "")
        rels.append(f'<relationship identifier="r-{kind}" xsi:type="{kind}" '
                    f'source="e-Capability" target="e-{ELEMENT_TYPES[i]}"{extra}>'
                    f'<name xml:lang="en">{kind}</name></relationship>\n')
    rels.append('<relationship identifier="r-cap" xsi:type="Composition" '
                'source="e-Capability" target="e-Resource"/>')
    rels.append('<relationship identifier="r-real" xsi:type="Realization" '
                'source="e-BusinessProcess" target="e-Capability"/>')
    rels.append('<relationship identifier="r-forbidden" xsi:type="Serving" '
                'source="e-ApplicationFunction" target="e-Capability"/>')
    rels.append('<relationship identifier="r-onrel" xsi:type="Association" '
                'source="e-Goal" target="r-real"/>')
    return (HEAD
            + '<properties><property propertyDefinitionRef="pd-t"><value>model</value>'
              '</property></properties>'
            + f"<elements>{els}</elements><relationships>{''.join(rels)}</relationships>"
            '<organizations><item><label xml:lang="en">Strategy</label>'
            '<item identifierRef="e-Capability"/><item><label xml:lang="en">Sub</label>'
            '<documentation xml:lang="en">folder doc</documentation>'
            '<item identifierRef="e-Resource"/></item></item>'
            '<item identifierRef="v-1"/></organizations>'
            '<propertyDefinitions><propertyDefinition identifier="pd-m" type="string">'
            '<name xml:lang="en">Maturity</name></propertyDefinition>'
            '<propertyDefinition identifier="pd-t" type="number"><name>Target maturity</name>'
            '</propertyDefinition></propertyDefinitions>'
            '<views><diagrams><view identifier="v-1" xsi:type="Diagram" viewpoint="Strategy">'
            '<name xml:lang="en">Nested</name>'
            '<node identifier="n-1" elementRef="e-Capability" xsi:type="Element" x="10" y="10" '
            'w="400" h="300"><style><fillColor r="255" g="0" b="0" a="100"/>'
            '<font name="Sans" size="9"><color r="0" g="0" b="0"/></font></style>'
            '<node identifier="n-2" elementRef="e-Resource" xsi:type="Element" x="20" y="40" '
            'w="120" h="55"/>'
            '<node identifier="n-3" xsi:type="Label" x="200" y="40" w="120" h="55">'
            '<label xml:lang="en">A &lt;note&gt;</label></node></node>'
            '<node identifier="n-4" elementRef="e-BusinessProcess" xsi:type="Element" x="500" '
            'y="10" w="120" h="55"/>'
            '<connection identifier="c-1" relationshipRef="r-real" xsi:type="Relationship" '
            'source="n-4" target="n-1"><sourceAttachment x="1" y="2"/>'
            '<bendpoint x="450" y="30"/><bendpoint x="450" y="60"/>'
            '<targetAttachment x="3" y="4"/></connection>'
            '<connection identifier="c-2" relationshipRef="r-cap" xsi:type="Relationship" '
            'source="n-1" target="n-2"/>'
            '</view></diagrams></views></model>\n')
