"""Victims', drugs' and arms' flows for one scope: what `amanat flows`, the report
and the dashboard show (matrices, Sankey data, map legs)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine

from amanat.analyze.consignments import arms_flows, drug_flows
from amanat.analyze.flows import Journey, breakdown, journeys, victim_flows
from amanat.analyze.flowset import FlowSet
from amanat.analyze.scope import Scope
from amanat.analyze.tabular import Table


@dataclass
class FlowView:
    scope: Scope
    journeys: list[Journey]
    victims: FlowSet
    drugs: FlowSet
    arms: FlowSet

    @cached_property
    def _breakdowns(self) -> dict[str, dict[str, FlowSet]]:
        # Once per view: a view kept a few minutes is shown many times.
        return breakdown(self.journeys)

    def breakdowns(self) -> dict[str, dict[str, FlowSet]]:
        return self._breakdowns

    def tables(self) -> list[Table]:
        tables = [
            self.victims.matrix_table("origin", "destination"),
            self.victims.matrix_table("origin", "transit"),
            self.victims.matrix_table("transit", "destination"),
            self.victims.path_table(),
        ]
        for dimension, flows in self.breakdowns().items():
            for value, flow in flows.items():
                table = flow.matrix_table("origin", "destination")
                table.name = f"victims_{dimension}_{value}_origin_destination".replace("+", "plus")
                table.title = f"Victims ({dimension}: {value}): origin × destination"
                tables.append(table)
        tables += [self.drugs.path_table(), self.arms.path_table()]
        return tables

    def to_dict(self) -> dict[str, object]:
        return {
            "scope": self.scope.describe(),
            "victims": self.victims.to_dict(),
            "victims_by": {
                dimension: {value: flow.to_dict() for value, flow in flows.items()}
                for dimension, flows in self.breakdowns().items()
            },
            "drugs": self.drugs.to_dict(),
            "arms": self.arms.to_dict(),
        }


def flow_view(engine: Engine, scope: Scope) -> FlowView:
    found = journeys(engine, scope)
    return FlowView(
        scope, found, victim_flows(found), drug_flows(engine, scope), arms_flows(engine, scope)
    )
