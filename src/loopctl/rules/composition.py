"""LSS 1.1 composition rules: children resolve inside the project and are valid, roles fit the type,
adapters are wired."""

from loopctl.model import SpecView, as_list
from loopctl.rules import COMPOSITION, ERROR, WARNING, Finding, declared, rule


def _children(ctx):
    return [(i, c) for i, c in enumerate(as_list(ctx.spec.composition.get("children"))) if isinstance(c, dict)]

def _role(child: dict) -> str:
    role = child.get("role")
    return role if isinstance(role, str) else "stage"

@rule("comp.ref-outside-root", ERROR,
      "A child ref is a relative path that stays inside the project root (--root, else the nearest folder holding "
      "mkdocs.yml, pyproject.toml or .git, else the composing file's folder), symlinks resolved.",
      "A spec is untrusted input: a ref that names an absolute path or climbs out of the project could make the "
      "validator open, parse and quote any file on the machine. Such a ref is refused and never opened.",
      "composition:\n"
      "  type: sequential\n"
      "  children: [{id: a, ref: /etc/passwd}, {id: b, ref: ../../secret.yaml}]\n"
      "  adapters: [{from: children.a.outputs.writer, to: children.b.inputs.text}]",
      scope="composition", example_form=COMPOSITION)
def refs_inside_root(ctx):
    for index, child in _children(ctx):
        ref = child.get("ref")
        if not isinstance(ref, str) or not ref:
            continue
        if ctx.store.locate_child(ctx.path, ref)[1] == "outside-root":
            root = ctx.store.display(ctx.store.project_root(ctx.path))
            root = "(the current folder)" if root == "." else root
            yield Finding(f"/composition/children/{index}/ref",
                          f"child '{child.get('id')}' refers to {ref}, which is outside the project root {root}",
                          "use a path relative to the composing file that stays inside the project, or pass "
                          "--root to name a wider project folder")

@rule("comp.child", ERROR,
      "Every child ref resolves to a spec file that is itself valid, and no composition includes itself.",
      "A composition is only as sound as its children: a missing or invalid child breaks the whole pipeline, "
      "and a composition that includes itself (directly or through others) never bottoms out.",
      "composition:\n"
      "  type: sequential\n"
      "  children: [{id: a, ref: missing.yaml}, {id: b, ref: b.yaml}]\n"
      "  adapters: [{from: children.a.outputs.writer, to: children.b.inputs.text}]",
      scope="composition", example_form=COMPOSITION)
def children_resolve(ctx):
    store = ctx.store
    for index, child in _children(ctx):
        ref = child.get("ref")
        if not isinstance(ref, str) or not ref:
            continue
        pointer = f"/composition/children/{index}/ref"
        target, why = store.locate_child(ctx.path, ref)
        if why == "outside-root":
            continue  # reported by comp.ref-outside-root, and never opened
        if why == "invalid":
            yield Finding(pointer, f"child '{child.get('id')}' refers to {ref!r}, which is not a usable file path",
                          "a ref is a relative path to a spec file, e.g. ../specs/child.yaml")
            continue
        if target is None:
            yield Finding(pointer, f"child '{child.get('id')}' refers to {ref}, which does not exist",
                          "refs are resolved relative to the composing file, then to --root; check the path")
            continue
        if target in store.in_progress:
            chain = [*store.in_progress[store.in_progress.index(target):], target]
            shown = " -> ".join(store.display(p) for p in chain)
            yield Finding(pointer, f"composition cycle: {shown}", "a composition cannot include itself; break the cycle")
            continue
        result = store.validate(target)
        if result.errors:
            first = result.errors[0]
            yield Finding(pointer,
                          f"child '{child.get('id')}' ({ref}) is invalid: {len(result.errors)} error(s), first "
                          f"{first.file}:{first.line}:{first.column} [{first.rule}] {first.message}",
                          f"fix {ref} first; run loopctl validate on it")

@rule("comp.unique-child", ERROR,
      "Child ids are unique within a composition.",
      "Adapters address children by id; two children with one id make the wiring ambiguous.",
      "composition:\n"
      "  type: sequential\n"
      "  children: [{id: a, ref: a.yaml}, {id: a, ref: b.yaml}]\n"
      "  adapters: []",
      scope="composition", example_form=COMPOSITION)
def unique_children(ctx):
    seen = {}
    for index, child in _children(ctx):
        cid = child.get("id")
        if isinstance(cid, str):
            if cid in seen:
                yield Finding(f"/composition/children/{index}/id", f"two children have id '{cid}'",
                              "give each child its own id")
            seen[cid] = index

@rule("comp.roles", ERROR,
      "Children's roles fit the composition type: nested has exactly one outer and at least one inner child; "
      "parallel has at least two branch children.",
      "The roles tell the runtime which loop drives which; a nested loop without an outer child has no driver, "
      "a parallel composition with one branch is sequential in disguise.",
      "composition:\n"
      "  type: nested\n"
      "  children: [{id: a, ref: a.yaml, role: inner}, {id: b, ref: b.yaml, role: inner}]\n"
      "  adapters: [{from: children.a.outputs.writer, to: children.b.inputs.text}]",
      scope="composition", example_form=COMPOSITION)
def roles_fit_type(ctx):
    kind = ctx.spec.composition.get("type")
    roles = [_role(c) for _, c in _children(ctx)]
    if kind == "nested":
        if roles.count("outer") != 1:
            yield Finding("/composition/children", f"a nested composition needs exactly one outer child; it has "
                          f"{roles.count('outer')}", "set role: outer on the child that drives the loop", on_key=True)
        if roles.count("inner") < 1:
            yield Finding("/composition/children", "a nested composition needs at least one inner child",
                          "set role: inner on the child that runs inside each outer iteration", on_key=True)
    elif kind == "parallel" and roles.count("branch") < 2:
        yield Finding("/composition/children", f"a parallel composition needs at least two branch children; it has "
                      f"{roles.count('branch')}", "set role: branch on each child that runs side by side", on_key=True)

@rule("comp.adapters", ERROR,
      "Adapters are present where the type needs them (sequential: one per hand-over, a warning; nested: at least "
      "one) and name existing children.",
      "Without adapters nothing carries one child's output into the next child's input.",
      "composition:\n"
      "  type: sequential\n"
      "  children: [{id: a, ref: a.yaml}, {id: b, ref: b.yaml}]\n"
      "  adapters: [{from: children.a.outputs.writer, to: children.c.inputs.text}]",
      scope="composition", example_form=COMPOSITION)
def adapters_wired(ctx):
    composition = ctx.spec.composition
    kind = composition.get("type")
    children = {c.get("id") for _, c in _children(ctx) if isinstance(c.get("id"), str)}
    adapters = [(i, a) for i, a in enumerate(as_list(composition.get("adapters"))) if isinstance(a, dict)]
    if kind == "sequential" and len(adapters) < len(children) - 1:
        yield Finding("/composition", f"a sequential composition of {len(children)} children needs at least "
                      f"{len(children) - 1} adapters; it has {len(adapters)}",
                      "add an adapter from each stage's output to the next stage's input", severity=WARNING)
    if kind == "nested" and not adapters:
        yield Finding("/composition", "a nested composition needs at least one adapter",
                      "wire the outer child's output into the inner child's input", on_key=True)
    for index, adapter in adapters:
        for end in ("from", "to"):
            value = adapter.get(end)
            parts = value.split(".") if isinstance(value, str) else []
            if len(parts) >= 2 and parts[0] == "children" and parts[1] not in children:
                yield Finding(f"/composition/adapters/{index}/{end}",
                              f"adapter {end} names child '{parts[1]}', which is not in children",
                              f"use one of: {', '.join(sorted(c for c in children if isinstance(c, str)))}")

@rule("comp.adapter-path", WARNING,
      "An adapter's path inside a child names a worker (outputs.<worker id or output name>) or a declared input "
      "(inputs.<name>) of that child.",
      "A path into a child that names nothing moves no data; it is a warning because runtimes may add fields.",
      "composition:\n"
      "  type: sequential\n"
      "  children: [{id: a, ref: a.yaml}, {id: b, ref: b.yaml}]\n"
      "  adapters: [{from: children.a.outputs.nothing, to: children.b.inputs.text}]",
      scope="composition", example_form=COMPOSITION)
def adapter_paths(ctx):
    children = {}
    for _, child in _children(ctx):
        ref = child.get("ref")
        target = ctx.store.resolve_child(ctx.path, ref) if isinstance(ref, str) and ref else None
        if target is not None and target not in ctx.store.in_progress:
            document = ctx.store.validate(target).document
            if document is not None:
                children[str(child.get("id"))] = SpecView(document.data)
    for index, adapter in enumerate(as_list(ctx.spec.composition.get("adapters"))):
        if not isinstance(adapter, dict):
            continue
        for end in ("from", "to"):
            value = adapter.get(end)
            parts = value.split(".") if isinstance(value, str) else []
            if len(parts) < 4 or parts[1] not in children:
                continue
            child, area, name = children[parts[1]], parts[2], parts[3]
            if area == "outputs":
                known = child.worker_ids | {w.get("outputs").get("name") for w in child.workers
                                            if isinstance(w.get("outputs"), dict)
                                            and isinstance(w.get("outputs").get("name"), str)}
            elif area == "inputs":
                schema = child.section("inputs").get("schema")
                known = set(schema) if isinstance(schema, dict) else set()
            else:
                continue
            if name not in known:
                yield Finding(f"/composition/adapters/{index}/{end}",
                              f"adapter {end} {value}: child '{parts[1]}' has no {area[:-1]} named '{name}'",
                              f"known {area} of that child: {', '.join(sorted(k for k in known if isinstance(k, str)))}")


RULES = declared(refs_inside_root, children_resolve, unique_children, roles_fit_type, adapters_wired,
                 adapter_paths)
