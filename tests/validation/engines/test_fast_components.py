"""The fast engine's constraint components are one table; what it understands derives from it."""

from __future__ import annotations

from tomgraph.validation.engines.fast.components import (
    COMPONENTS,
    HANDLED,
    PARAMETERS,
    SHAPE_PROPERTIES,
)

SH = "http://www.w3.org/ns/shacl#"

SHACL_CORE_AND_SPARQL = {
    "Class", "Datatype", "NodeKind", "MinCount", "MaxCount", "MinExclusive", "MinInclusive",
    "MaxExclusive", "MaxInclusive", "MinLength", "MaxLength", "Pattern", "LanguageIn",
    "UniqueLang", "Equals", "Disjoint", "LessThan", "LessThanOrEquals", "Not", "And", "Or",
    "Xone", "Node", "QualifiedMinCount", "QualifiedMaxCount", "Closed", "HasValue", "In",
    "SPARQL",
}
"""SHACL 1.0 §4 and §5 components, less sh:property (its shapes report for themselves)."""


def test_every_component_of_shacl_core_has_exactly_one_entry():
    reported = [iri.removeprefix(SH) for c in COMPONENTS for iri in c.iris]
    assert len(reported) == len(set(reported))
    assert set(reported) == {f"{n}ConstraintComponent" for n in SHACL_CORE_AND_SPARQL}


def test_each_parameter_belongs_to_one_component():
    assert sum(len(c.parameters) for c in COMPONENTS) == len(PARAMETERS)
    assert PARAMETERS["flags"].name == "Pattern"
    assert PARAMETERS["ignoredProperties"].name == "Closed"


def test_the_properties_the_compiler_understands_are_the_parameters_and_the_shape_properties():
    assert HANDLED == SHAPE_PROPERTIES | set(PARAMETERS)
    assert not SHAPE_PROPERTIES & set(PARAMETERS)
