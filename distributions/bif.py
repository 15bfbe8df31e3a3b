"""A strict reader of Bayesian networks in the BIF text format.

BIF (Bayesian Interchange Format, version 0.15, as used by the bnlearn network repository)
declares each discrete variable with its values, then one ``probability`` block per variable
with its conditional probability table::

    variable Cancer {
      type discrete [ 2 ] { True, False };
    }
    probability ( Cancer | Pollution, Smoker ) {
      (low, True) 0.03, 0.97;
      ...
    }

The reader accepts the subset of BIF that the bnlearn files use. That is ``network`` and
``variable`` blocks, ``property`` lines (skipped), and ``//`` and ``/* */`` comments. A
``probability`` block contains a ``table`` line for a variable without parents, or one row per
parent configuration, with an optional ``default`` row for the configurations not listed. It
rejects every malformed or incomplete file with a :class:`ValueError` that names the file, the
line and what failed.

pgmpy's ``BIFReader`` (pgmpy 1.1.0) is not used here because it accepts incomplete files
without an error: it fills a missing CPT row with zeros, drops a ``probability`` block after a
missing brace, and reads arbitrary text as an empty network.
"""

from __future__ import annotations

import gzip
import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np

from .bayesnet import BayesianNetworkModel

__all__ = ["BIF_ROW_TOLERANCE", "parse_bif", "read_bif"]

BIF_ROW_TOLERANCE = 1e-6
"""Largest accepted distance of a CPT row's sum from 1 in a BIF file.

BIF files print probabilities with a fixed number of digits, so a row sums to 1 only up to
that rounding: in ``sachs.bif`` of the bnlearn repository the worst row is off by 1.0e-7. Rows
within this tolerance are divided by their sum; rows further off are rejected.
"""

_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\f\v]+)
    | (?P<newline>\n)
    | (?P<line_comment>//[^\n]*)
    | (?P<block_comment>/\*.*?\*/)
    | (?P<string>"[^"\n]*")
    | (?P<punctuation>[{}()\[\],;|])
    | (?P<word>[^\s{}()\[\],;|"]+)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    text: str
    line: int


class _Tokens:
    """The tokens of a BIF text with their line numbers, read front to back."""

    def __init__(self, text: str, source: str):
        self.source = source
        self.tokens: list[_Token] = []
        self.position = 0

        line = 1
        index = 0
        while index < len(text):
            match = _TOKEN.match(text, index)
            if match is None:
                raise ValueError(
                    f"{source}, line {line}: unexpected character {text[index]!r} "
                    "(an unterminated string or comment?)"
                )
            kind = match.lastgroup
            lexeme = match.group()
            if kind == "word" and lexeme.startswith("/*"):
                raise ValueError(f"{source}, line {line}: a /* comment is never closed with */")
            if kind in ("punctuation", "word", "string"):
                self.tokens.append(_Token(lexeme, line))
            line += lexeme.count("\n")
            index = match.end()
        self.end_line = line

    def error(self, message: str, token: _Token | None = None) -> ValueError:
        line = token.line if token is not None else self.end_line
        return ValueError(f"{self.source}, line {line}: {message}")

    def peek(self) -> _Token | None:
        if self.position < len(self.tokens):
            return self.tokens[self.position]
        return None

    def next(self, expected: str) -> _Token:
        """Return the next token; ``expected`` describes it in the error at the end of the file."""
        token = self.peek()
        if token is None:
            raise self.error(f"the file ends where {expected} was expected")
        self.position += 1
        return token

    def expect(self, text: str) -> _Token:
        token = self.next(repr(text))
        if token.text != text:
            raise self.error(f"expected {text!r}, found {token.text!r}", token)
        return token

    def name(self, what: str) -> _Token:
        token = self.next(what)
        if not _is_word(token.text):
            raise self.error(f"expected {what}, found {token.text!r}", token)
        return token

    def skip_statement(self) -> None:
        """Skip the tokens up to and including the next ``;`` (a ``property`` line)."""
        start = self.peek()
        while True:
            token = self.next("';' to end the property")
            if token.text == ";":
                return
            if token.text in ("{", "}"):
                raise self.error("a property line must end with ';' before any brace", start)


_PUNCTUATION = frozenset("{}()[],;|")


def _is_word(text: str) -> bool:
    return text not in _PUNCTUATION and not text.startswith('"')


@dataclass
class _Variable:
    name: str
    states: tuple[str, ...]
    line: int


@dataclass
class _Probability:
    child: str
    parents: tuple[str, ...]
    line: int
    table: tuple[_Token, list[float]] | None
    rows: dict[tuple[str, ...], tuple[_Token, list[float]]]
    default: tuple[_Token, list[float]] | None


def parse_bif(text: str, *, source: str = "<string>", name: str | None = None,
              tolerance: float = BIF_ROW_TOLERANCE) -> BayesianNetworkModel:
    """Parse a Bayesian network from BIF text.

    Parameters
    ----------
    text : str
        The content of a BIF file.
    source : str, default "<string>"
        Name of the file, used in error messages.
    name : str, optional
        Label of the model. The default is the name of the ``network`` block, or ``source``
        when that name is missing or ``unknown``.
    tolerance : float, default :data:`BIF_ROW_TOLERANCE`
        Largest accepted distance of a CPT row's sum from 1.

    Returns
    -------
    BayesianNetworkModel
        The network. Token ``i`` is variable ``variables[i]`` (topological order, ties broken by
        declaration order), and its token value ``j`` is the ``j``-th declared state.

    Raises
    ------
    ValueError
        If the text is not valid BIF of the supported subset, or the network is incomplete or
        inconsistent. The inconsistencies are a variable declared twice or never given a
        ``probability`` block, and a block that names an undeclared variable or state. So are a
        row with the wrong number of values, a missing or repeated row, a negative or non-finite
        value, a row that does not sum to 1 within ``tolerance``, and a directed cycle. The
        message starts with ``source`` and the line number.

    Examples
    --------
    >>> model = parse_bif('''
    ... variable rain { type discrete [ 2 ] { no, yes }; }
    ... probability ( rain ) { table 0.8, 0.2; }
    ... ''')
    >>> model.variables, model.states
    (('rain',), (('no', 'yes'),))
    """
    if not isinstance(text, str):
        raise TypeError(f"BIF text must be a str, got {type(text).__name__}")
    tokens = _Tokens(text, source)

    network_name = None
    variables: dict[str, _Variable] = {}
    probabilities: dict[str, _Probability] = {}
    while tokens.peek() is not None:
        keyword = tokens.next("a block")
        if keyword.text == "network":
            network_name = _parse_network(tokens)
        elif keyword.text == "variable":
            variable = _parse_variable(tokens)
            if variable.name in variables:
                first = variables[variable.name].line
                raise tokens.error(
                    f"variable {variable.name!r} is declared twice (first on line {first})",
                    keyword,
                )
            variables[variable.name] = variable
        elif keyword.text == "probability":
            block = _parse_probability(tokens, keyword)
            if block.child in probabilities:
                first = probabilities[block.child].line
                raise tokens.error(
                    f"variable {block.child!r} has a second probability block (the first is "
                    f"on line {first})",
                    keyword,
                )
            probabilities[block.child] = block
        else:
            raise tokens.error(
                f"expected 'network', 'variable' or 'probability', found {keyword.text!r}",
                keyword,
            )

    if not variables:
        raise ValueError(f"{source}: no variable is declared; this is not a BIF network")

    dag = nx.DiGraph()
    dag.add_nodes_from(variables)
    cpts = {}
    for variable in variables.values():
        block = probabilities.get(variable.name)
        if block is None:
            raise ValueError(
                f"{source}, line {variable.line}: variable {variable.name!r} has no probability "
                "block; add 'probability ( NAME ) { table ...; }'"
            )
        table = _conditional_table(block, variables, tokens, tolerance)
        dag.add_edges_from((parent, variable.name) for parent in block.parents)
        cpts[variable.name] = (block.parents, table)
    for child, block in probabilities.items():
        if child not in variables:
            raise ValueError(
                f"{source}, line {block.line}: probability block for {child!r}, which is not "
                "declared; add a variable block for it"
            )

    if not nx.is_directed_acyclic_graph(dag):
        cycle = [edge[0] for edge in nx.find_cycle(dag)]
        raise ValueError(
            f"{source}: the parents form the directed cycle {' -> '.join(cycle + cycle[:1])}; "
            "a Bayesian network must be acyclic"
        )

    if name is None:
        name = network_name if network_name not in (None, "unknown") else source
    cardinality = {variable.name: len(variable.states) for variable in variables.values()}
    states = {variable.name: variable.states for variable in variables.values()}
    # The rows are already normalized within ``tolerance``; the model checks them again at 1e-9.
    return BayesianNetworkModel(dag, cpts, cardinality=cardinality, states=states, name=name)


def _parse_network(tokens: _Tokens) -> str | None:
    network_name = None
    token = tokens.peek()
    if token is not None and token.text != "{":
        network_name = tokens.name("the network name").text
    tokens.expect("{")
    _skip_properties(tokens, "network")
    return network_name


def _skip_properties(tokens: _Tokens, block: str) -> None:
    while True:
        token = tokens.next(f"'}}' to close the {block} block")
        if token.text == "}":
            return
        if token.text != "property":
            raise tokens.error(
                f"expected 'property' or '}}' in the {block} block, found {token.text!r}", token
            )
        tokens.skip_statement()


def _parse_variable(tokens: _Tokens) -> _Variable:
    name_token = tokens.name("a variable name")
    tokens.expect("{")
    states = None
    while True:
        token = tokens.next(f"'}}' to close the block of variable {name_token.text!r}")
        if token.text == "}":
            break
        if token.text == "property":
            tokens.skip_statement()
            continue
        if token.text != "type":
            raise tokens.error(
                f"expected 'type', 'property' or '}}' in variable {name_token.text!r}, "
                f"found {token.text!r}",
                token,
            )
        if states is not None:
            raise tokens.error(f"variable {name_token.text!r} has two type lines", token)
        kind = tokens.name("'discrete'")
        if kind.text != "discrete":
            raise tokens.error(
                f"only discrete variables are supported, variable {name_token.text!r} has type "
                f"{kind.text!r}",
                kind,
            )
        tokens.expect("[")
        count_token = tokens.next("the number of states")
        if not count_token.text.isdigit() or int(count_token.text) < 1:
            raise tokens.error(
                f"the number of states must be a positive integer, found {count_token.text!r}",
                count_token,
            )
        tokens.expect("]")
        tokens.expect("{")
        states = _name_list(tokens, "}", f"a state of {name_token.text!r}")
        tokens.expect(";")
        if len(states) != int(count_token.text):
            raise tokens.error(
                f"variable {name_token.text!r} declares {count_token.text} states but lists "
                f"{len(states)}: {', '.join(states)}",
                count_token,
            )
        if len(set(states)) != len(states):
            raise tokens.error(
                f"variable {name_token.text!r} lists a state twice: {', '.join(states)}",
                count_token,
            )
    if states is None:
        raise tokens.error(
            f"variable {name_token.text!r} has no 'type discrete [ n ] {{ ... }};' line",
            name_token,
        )
    return _Variable(name_token.text, tuple(states), name_token.line)


def _name_list(tokens: _Tokens, closing: str, what: str) -> tuple[str, ...]:
    """Read ``NAME, NAME, …`` up to and including ``closing``."""
    names = [tokens.name(what).text]
    while True:
        token = tokens.next(f"',' or {closing!r}")
        if token.text == closing:
            return tuple(names)
        if token.text != ",":
            raise tokens.error(f"expected ',' or {closing!r}, found {token.text!r}", token)
        names.append(tokens.name(what).text)


def _number_list(tokens: _Tokens, what: str) -> tuple[_Token, list[float]]:
    """Read numbers separated by commas or spaces, up to and including ``;``."""
    first = tokens.peek()
    values = []
    while True:
        token = tokens.next(f"a probability or ';' in {what}")
        if token.text == ";":
            break
        if token.text == ",":
            continue
        try:
            value = float(token.text)
        except ValueError:
            raise tokens.error(f"expected a probability in {what}, found {token.text!r}", token) from None
        if not math.isfinite(value) or value < 0:
            raise tokens.error(
                f"probabilities must be finite and non-negative, found {token.text} in {what}",
                token,
            )
        values.append(value)
    if not values:
        raise tokens.error(f"{what} lists no probabilities", first)
    return first, values


def _parse_probability(tokens: _Tokens, keyword: _Token) -> _Probability:
    tokens.expect("(")
    child = tokens.name("the variable of the probability block").text
    parents: tuple[str, ...] = ()
    token = tokens.next("'|' or ')'")
    if token.text == "|":
        parents = _name_list(tokens, ")", f"a parent of {child!r}")
    elif token.text != ")":
        raise tokens.error(f"expected '|' or ')', found {token.text!r}", token)
    if len(set(parents)) != len(parents):
        raise tokens.error(f"the parents of {child!r} repeat a variable: {', '.join(parents)}", keyword)
    tokens.expect("{")

    block = _Probability(child, parents, keyword.line, None, {}, None)
    while True:
        token = tokens.next(f"'}}' to close the probability block of {child!r}")
        if token.text == "}":
            return block
        if token.text == "property":
            tokens.skip_statement()
        elif token.text == "table":
            if block.table is not None:
                raise tokens.error(f"the probability block of {child!r} has two table lines", token)
            block.table = _number_list(tokens, f"the table of {child!r}")
        elif token.text == "default":
            block.default = _number_list(tokens, f"the default row of {child!r}")
        elif token.text == "(":
            configuration = _name_list(tokens, ")", f"a state of a parent of {child!r}")
            if configuration in block.rows:
                raise tokens.error(
                    f"the row of {child!r} for ({', '.join(configuration)}) is given twice "
                    f"(first on line {block.rows[configuration][0].line})",
                    token,
                )
            block.rows[configuration] = _number_list(
                tokens, f"the row of {child!r} for ({', '.join(configuration)})"
            )
        else:
            raise tokens.error(
                f"expected a row '(…) p, …;', 'table', 'default' or '}}' in the probability "
                f"block of {child!r}, found {token.text!r}",
                token,
            )


def _conditional_table(block: _Probability, variables: dict, tokens: _Tokens,
                       tolerance: float) -> np.ndarray:
    """Assemble the CPT of one block as an array, parents' axes first, rows normalized."""
    source = tokens.source
    child = variables.get(block.child)
    if child is None:
        raise ValueError(
            f"{source}, line {block.line}: probability block for {block.child!r}, which is not "
            "declared; add a variable block for it"
        )
    for parent in block.parents:
        if parent not in variables:
            raise ValueError(
                f"{source}, line {block.line}: parent {parent!r} of {block.child!r} is not "
                "declared; add a variable block for it"
            )
    parent_states = [variables[parent].states for parent in block.parents]
    shape = tuple(len(states) for states in parent_states) + (len(child.states),)
    table = np.empty(shape)

    def store(index: tuple[int, ...], entry: tuple[_Token, list[float]], what: str) -> None:
        token, values = entry
        if len(values) != len(child.states):
            raise tokens.error(
                f"{what} has {len(values)} probabilities but {block.child!r} has "
                f"{len(child.states)} states ({', '.join(child.states)})",
                token,
            )
        total = math.fsum(values)
        if abs(total - 1.0) > tolerance:
            raise tokens.error(
                f"{what} sums to {total!r}, not 1 within {tolerance:g}; fix the probabilities",
                token,
            )
        table[index] = np.array(values) / total

    if block.table is not None:
        if block.parents:
            # NOTE: BIF also allows one flat 'table' for a variable with parents, but its value
            # order varies between tools, so the reader asks for explicit rows instead.
            raise tokens.error(
                f"a 'table' line for {block.child!r}, which has parents, is not supported; "
                "write one row '(parent states) p, …;' per parent configuration",
                block.table[0],
            )
        if block.rows:
            raise tokens.error(f"{block.child!r} has no parents, so it takes no '(…)' rows",
                               next(iter(block.rows.values()))[0])
        store((), block.table, f"the table of {block.child!r}")
        return table

    for configuration, entry in block.rows.items():
        if len(configuration) != len(block.parents):
            raise tokens.error(
                f"the row ({', '.join(configuration)}) of {block.child!r} names "
                f"{len(configuration)} states but {block.child!r} has {len(block.parents)} "
                f"parents ({', '.join(block.parents)})",
                entry[0],
            )
        index = []
        for parent, states, state in zip(block.parents, parent_states, configuration):
            if state not in states:
                raise tokens.error(
                    f"{state!r} is not a state of {parent!r} (states: {', '.join(states)}) in "
                    f"the row of {block.child!r}",
                    entry[0],
                )
            index.append(states.index(state))
        store(tuple(index), entry, f"the row of {block.child!r} for ({', '.join(configuration)})")

    for configuration in itertools.product(*parent_states):
        if configuration in block.rows:
            continue
        if block.default is None:
            where = f"({', '.join(configuration)})" if configuration else "its table"
            raise ValueError(
                f"{source}, line {block.line}: the probability block of {block.child!r} has no "
                f"row for {where}; add the row or a 'default' row"
            )
        index = tuple(states.index(state) for states, state in zip(parent_states, configuration))
        store(index, block.default, f"the default row of {block.child!r}")
    return table


def read_bif(path, *, name: str | None = None,
             tolerance: float = BIF_ROW_TOLERANCE) -> BayesianNetworkModel:
    """Read a Bayesian network from a BIF file, plain or gzip-compressed (``.gz``).

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    name : str, optional
        Label of the model; by default the network name, or the file name when the network is
        called ``unknown``.
    tolerance : float, default :data:`BIF_ROW_TOLERANCE`
        Largest accepted distance of a CPT row's sum from 1.

    Returns
    -------
    BayesianNetworkModel
        The network; ``.to_joint_law()`` builds its dense table.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file is not UTF-8 text or gzip, or fails any check of :func:`parse_bif`. The
        message names the file and the line.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no BIF file at {str(path)!r}; check the path")
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise ValueError(f"{path}: not a readable gzip file ({error})") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text ({error}); is it a BIF file?") from error
    if name is None:
        stem = path.name.removesuffix(".gz").removesuffix(".bif")
        parsed = parse_bif(text, source=str(path), tolerance=tolerance)
        if parsed.name == str(path):
            parsed.name = stem
        return parsed
    return parse_bif(text, source=str(path), name=name, tolerance=tolerance)
