"""No import cycle anywhere in the project: not between the apps, not inside one, not even
through an import written inside a function (docs/architecture.md, "Layers")."""

import grimp


def test_no_module_imports_itself_through_another():
    graph = grimp.build_graph("ledger", "approvals", "pengshui")
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append((module, *back))
    assert cycles == []
