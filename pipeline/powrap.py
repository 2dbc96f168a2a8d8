"""Byte-exact reproduction of GNU gettext's PO string layout (msgcat 0.21).

This module lays out one PO keyword line (``msgid "..."``, ``msgstr[0] "..."``,
``#~ msgid "..."``, ``#| msgid "..."`` ...) exactly like GNU gettext 0.21's
``write-po.c:wrap()`` does with its default settings (page width 79, no
``--indent``, no ``--escape``, no ``--no-wrap``), using a pure-Python port of
the libunistring 1.0 functions it relies on (``u8_possible_linebreaks``,
``u8_width_linebreaks``, ``uc_width``) together with libunistring 1.0's own
line-breaking property table (Unicode 14.0.0) and width table for UTF-8.

GNU's rules, as reproduced here:

* Escaping: ``\\a \\b \\f \\n \\r \\t \\v``, backslash and double quote are
  written as two-character escapes; every other character, including other
  control characters (U+0001..U+001F, U+007F, C1 controls), is written raw.
* The value is cut into portions after each ``\\n``.  Every portion is laid
  out separately and always ends its output line; the breaks inside a portion
  come from Unicode line breaking (UAX #14 as implemented by libunistring:
  after spaces, after hyphens, between ideographs/kana, around CJK
  punctuation, but never inside an escape sequence nor right before the final
  ``\\n`` of a portion).
* Width: a line may hold at most ``width - 1`` columns before the closing
  quote, counting the prefix, the keyword, the space and the opening quote.
  Column widths are libunistring's ``uc_width`` for UTF-8: East Asian wide
  and fullwidth characters count 2, combining marks 0, control characters 0,
  ambiguous-width characters 1.  A piece that cannot be broken is allowed to
  overflow.
* The one-line form ``keyword "..."`` is used when the value contains no
  ``\\n`` except possibly at its very end and the line breaker inserted no
  break into it: it fits, or it has no break opportunity at all (then it
  stays on one line however long).  Otherwise GNU writes ``keyword ""`` and
  continuation lines, where the prefix (``"#~ "``, ``"#| "``) is repeated on
  each line.
* The empty string is always ``keyword ""``.

``width=0`` gives the ``--no-wrap`` / ``#, no-wrap`` layout.  Not covered:
``--indent``, ``--escape``, non-UTF-8 PO charsets, and the extra rule that
forbids breaks inside format directives of entries flagged ``c-format``,
``python-format``, etc. (this function has no notion of flags).
"""

from __future__ import annotations

from bisect import bisect_right

__all__ = ["escape", "keyword_lines"]

# --------------------------------------------------------------------------
# libunistring 1.0 data (generated from lib/unilbrk/lbrkprop2.h and from
# uc_width(uc, "UTF-8") of the installed libunistring.so.2).
# Format: whitespace separated "DELTA=VALUE" tokens, DELTA being the hex
# distance from the start of the previous range.

_LBP_DATA = """
0=CM 9=BA 1=LF 1=BK 2=CR 1=CM 12=SP 1=EX 1=QU 1=AL 1=PR 1=PO 1=AL 1=QU 1=OP1
1=CP1 1=AL 1=PR 1=IS 1=HY 1=IS 1=SY 1=NU a=IS 2=AL 3=EX 1=AL 1b=OP1 1=PR
1=CP1 1=AL 1d=OP1 1=BA 1=CL 1=AL 1=CM 6=BK 1=CM 1a=GL 1=OP1 1=PO 1=PR 3=AL
1=AI 2=AL 1=AI 1=QU 1=AL 1=BA 1=AL 2=PO 1=PR 1=AI 2=BB 1=AL 1=AI 5=QU 1=AI
3=OP1 1=AL 17=AI 1=AL 1f=AI 1=AL 1cf=AI 1=BB 1=AI 3=BB 1=AI 1=AL 2=AI 1=AL
7=AI 4=AL 1=AI 1=AL 1=BB 1=AL 20=CM 4f=GL 1=CM c=GL 7=CM d=AL 8=XX 2=AL 4=IS
1=AL 1=XX 4=AL 7=XX 1=AL 1=XX 1=AL 14=XX 1=AL e0=CM 7=AL a6=XX 1=AL 26=XX
2=AL 30=IS 1=BA 1=XX 2=AL 2=PR 1=XX 1=CM 2d=BA 1=CM 1=AL 1=CM 2=AL 1=CM 2=EX
1=CM 1=XX 8=HL 1b=XX 4=HL 4=AL 2=XX b=AL 9=PO 3=IS 2=AL 2=CM b=EX 1=CM 1=EX
3=AL 2b=CM 15=NU a=PO 1=NU 2=AL 3=CM 1=AL 63=EX 1=AL 1=CM 7=AL 2=CM 6=AL
2=CM 2=AL 1=CM 4=AL 2=NU a=AL 14=XX 1=AL 2=CM 1=AL 1e=CM 1b=XX 2=AL 59=CM
b=AL 1=XX e=NU a=AL 21=CM 9=AL 4=IS 1=EX 1=AL 1=XX 2=CM 1=PR 2=AL 16=CM 4=AL
1=CM 9=AL 1=CM 3=AL 1=CM 5=XX 2=AL f=XX 1=AL 19=CM 3=XX 2=AL 1=XX 1=AL b=XX
5=AL 1f=XX 1=AL 2=XX 6=CM 8=AL 2a=CM 18=AL 1=CM 21=AL 36=CM 3=AL 1=CM 12=AL
1=CM 7=AL a=CM 2=BA 2=NU a=AL 11=CM 3=XX 1=AL 8=XX 2=AL 2=XX 2=AL 16=XX 1=AL
7=XX 1=AL 1=XX 3=AL 4=XX 2=CM 1=AL 1=CM 7=XX 2=CM 2=XX 2=CM 3=AL 1=XX 8=CM
1=XX 4=AL 2=XX 1=AL 3=CM 2=XX 2=NU a=AL 2=PO 2=AL 5=PO 1=AL 1=PR 1=AL 2=CM
1=XX 2=CM 3=XX 1=AL 6=XX 4=AL 2=XX 2=AL 16=XX 1=AL 7=XX 1=AL 2=XX 1=AL 2=XX
1=AL 2=XX 2=CM 1=XX 1=CM 5=XX 4=CM 2=XX 2=CM 3=XX 3=CM 1=XX 7=AL 4=XX 1=AL
1=XX 7=NU a=CM 2=AL 3=CM 1=AL 1=XX a=CM 3=XX 1=AL 9=XX 1=AL 3=XX 1=AL 16=XX
1=AL 7=XX 1=AL 2=XX 1=AL 5=XX 2=CM 1=AL 1=CM 8=XX 1=CM 3=XX 1=CM 3=XX 2=AL
1=XX f=AL 2=CM 2=XX 2=NU a=AL 1=PR 1=XX 7=AL 1=CM 6=XX 1=CM 3=XX 1=AL 8=XX
2=AL 2=XX 2=AL 16=XX 1=AL 7=XX 1=AL 2=XX 1=AL 5=XX 2=CM 1=AL 1=CM 7=XX 2=CM
2=XX 2=CM 3=XX 7=CM 3=XX 4=AL 2=XX 1=AL 3=CM 2=XX 2=NU a=AL 8=XX a=CM 1=AL
1=XX 1=AL 6=XX 3=AL 3=XX 1=AL 4=XX 3=AL 2=XX 1=AL 1=XX 1=AL 2=XX 3=AL 2=XX
3=AL 3=XX 3=AL c=XX 4=CM 5=XX 3=CM 3=XX 1=CM 4=XX 2=AL 1=XX 6=CM 1=XX e=NU
a=AL 9=PR 1=AL 1=XX 5=CM 5=AL 8=XX 1=AL 3=XX 1=AL 17=XX 1=AL 10=XX 2=CM 1=AL
1=CM 7=XX 1=CM 3=XX 1=CM 4=XX 7=CM 2=XX 1=AL 3=XX 2=AL 1=XX 2=AL 2=CM 2=XX
2=NU a=XX 7=BB 1=AL 9=CM 3=BB 1=AL 8=XX 1=AL 3=XX 1=AL 17=XX 1=AL a=XX 1=AL
5=XX 2=CM 1=AL 1=CM 7=XX 1=CM 3=XX 1=CM 4=XX 7=CM 2=XX 6=AL 2=XX 1=AL 2=CM
2=XX 2=NU a=XX 1=AL 2=XX d=CM 4=AL 9=XX 1=AL 3=XX 1=AL 29=CM 2=AL 1=CM 7=XX
1=CM 3=XX 1=CM 4=AL 2=XX 4=AL 3=CM 1=AL a=CM 2=XX 2=NU a=AL 9=PO 1=AL 6=XX
1=CM 3=XX 1=AL 12=XX 3=AL 18=XX 1=AL 9=XX 1=AL 1=XX 2=AL 7=XX 3=CM 1=XX 4=CM
6=XX 1=CM 1=XX 1=CM 8=XX 6=NU a=XX 2=CM 2=AL 1=XX c=SA 3a=XX 4=PR 1=SA f=AL
1=NU a=BA 2=XX 25=SA 2=XX 1=SA 1=XX 1=SA 5=XX 1=SA 18=XX 1=SA 1=XX 1=SA
17=XX 2=SA 5=XX 1=SA 1=XX 1=SA 6=XX 2=NU a=XX 2=SA 4=XX 20=AL 1=BB 4=AL 1=BB
2=GL 1=BB 2=BA 1=GL 1=EX 5=GL 1=AL 1=EX 1=AL 3=CM 2=AL 6=NU a=AL a=BA 1=CM
1=AL 1=CM 1=AL 1=CM 1=OP1 1=CL 1=OP1 1=CL 1=CM 2=AL 8=XX 1=AL 24=XX 4=CM
e=BA 1=CM 5=BA 1=CM 2=AL 5=CM b=XX 1=CM 24=XX 1=BA 2=AL 6=CM 1=AL 6=XX 1=AL
2=BB 2=BA 1=BB 1=AL 5=GL 2=XX 25=SA 40=NU a=BA 2=AL 4=SA 40=NU a=SA 6=AL
26=XX 1=AL 1=XX 5=AL 1=XX 2=AL 30=JL 60=JV 48=JT 58=AL 49=XX 1=AL 4=XX 2=AL
7=XX 1=AL 1=XX 1=AL 4=XX 2=AL 29=XX 1=AL 4=XX 2=AL 21=XX 1=AL 4=XX 2=AL 7=XX
1=AL 1=XX 1=AL 4=XX 2=AL f=XX 1=AL 39=XX 1=AL 4=XX 2=AL 43=XX 2=CM 3=AL 1=BA
1=AL 1b=XX 3=AL 1a=XX 6=AL 56=XX 2=AL 6=XX 2=BA 1=AL 27f=BA 1=AL 1a=OP1 1=CL
1=XX 3=AL 4b=BA 3=AL b=XX 7=AL 12=CM 4=XX 9=AL 13=CM 3=BA 2=XX 9=AL 12=CM
2=XX c=AL d=XX 1=AL 3=XX 1=CM 2=XX c=SA 54=BA 2=NS 1=SA 1=BA 1=AL 1=BA 1=PR
1=SA 2=XX 2=NU a=XX 6=AL a=XX 6=AL 2=EX 2=BA 2=BB 1=AL 1=EX 2=AL 1=CM 3=GL
1=CM 1=NU a=XX 6=AL 59=XX 7=AL 5=CM 2=AL 22=CM 1=AL 1=XX 5=AL 46=XX a=AL
1f=XX 1=CM c=XX 4=CM c=XX 4=AL 1=XX 3=EX 2=NU a=SA 1e=XX 2=SA 5=XX b=SA
2c=XX 4=SA 1a=XX 6=NU a=SA 1=XX 3=SA 2=AL 37=CM 5=XX 2=AL 2=SA 3f=XX 1=SA
1d=XX 2=CM 1=NU a=XX 6=NU a=XX 6=SA e=XX 2=CM 1f=XX 31=CM 5=AL 2f=CM 11=AL
8=XX 3=NU a=BA 2=AL 1=BA 4=AL a=CM 9=AL 9=BA 2=XX 1=CM 3=AL 1e=CM d=AL 2=NU
a=AL 2c=CM e=XX 8=AL 28=CM 14=XX 3=BA 5=NU a=XX 3=AL 3=NU a=AL 24=BA 2=AL
9=XX 7=AL 2b=XX 2=AL b=XX 8=CM 3=AL 1=CM 15=AL 4=CM 1=AL 6=CM 1=AL 2=CM 3=AL
1=XX 5=AL c0=CM 40=AL 116=XX 2=AL 6=XX 2=AL 26=XX 2=AL 6=XX 2=AL 8=XX 1=AL
1=XX 1=AL 1=XX 1=AL 1=XX 1=AL 1f=XX 2=AL 35=XX 1=AL f=XX 1=AL e=XX 2=AL 6=XX
1=AL 13=XX 2=AL 3=XX 1=AL 7=BB 1=AL 1=XX 1=BA 7=GL 1=BA 3=ZW 1=CM 1=ZWJ 1=CM
2=BA 1=GL 1=BA 2=B2 1=AI 2=AL 1=QU 2=OP1 1=QU 3=OP1 1=QU 1=AI 2=AL 2=IN 3=BA
1=BK 2=CM 5=GL 1=PO 8=AL 1=QU 2=AI 1=NS 2=AL 6=IS 1=OP1 1=CL 1=NS 3=AL c=BA
1=AL 1=BA 4=AL 1=BA 3=WJ 1=AL 4=XX 1=CM a=AL 2=XX 2=AI 1=AL 8=OP1 1=CL 1=AI
1=AL 1=AI 4=AL 8=OP1 1=CL 1=XX 1=AL d=XX 3=PR 7=PO 1=PR e=PO 1=PR 4=PO 1=PR
2=PO 1=PR 1=PO 1=PR f=CM 21=XX f=AL 3=PO 1=AL 1=AI 1=AL 3=PO 1=AL 9=AI 1=AL
2=PR 1=AL a=AI 2=AL 8=AI 1=AL 28=AI 2=AL 5=AI 1=AL 2=AI 1=AL 1=AI c=AL 4=AI
a=AL f=AI 1=AL 2=XX 4=AI a=AL 38=AI 1=AL 1=AI 1=AL 2b=AI 1=AL 1=AI 2=AL 3=AI
2=AL 2=AI 1=AL 3=AI 1=AL 1=AI 1=PR 2=AL 1=AI 1=AL 4=AI 1=AL 2=AI 4=AL 2=AI
1=AL 1=AI 1=AL 1=AI 6=AL 1=AI 1=AL 5=AI 4=AL 4=AI 2=AL a=AI 1=AL 3=AI 1=AL
5=AI 1=AL d=AI 2=AL 2=AI 4=AL 2=AI 2=AL 2=AI 2=AL 12=AI 2=AL 2=AI 2=AL d=AI
1=AL 3=AI 1=AL b=AI 1=AL 19=AI 1=AL 2f=IN 1=AL 18=OP1 1=CL 1=OP1 1=CL 1=AL
6=AI 1=AL 7=ID1 2=AL d=OP2 1=CL 1=AL c5=ID1 4=AL 33=XX 19=AL b=XX 15=AI
9f=AL 1=AI 4c=AL 4=AI 25=AL b=AI 10=AL 2=AI 4=AL a=AI 2=AL 1=AI 7=AL 8=AI
2=AL 2=AI 2=AL 4=AI 2=AL 2=AI 2=AL 4=AI 3=AL 2=AI 1=AL 2=AI 4=AL 10=AI 4=AL
9=AI 1=AL 10=ID1 4=AL 1=AI 2=AL 2=AI 1=AL 4=AI 2=AL 4=ID1 2=AI 2=ID1 1=AL
1=ID1 3=EB 1=ID1 2=AL 19=ID1 3=AL 4=AI 1=AL 1=AI 1=AL 1d=AI 2=AL 1=AI 3=AL
1=AI 1=ID1 1=AI 2=AL 1=AI 2=AL 1=AI 1=AL f=ID1 1=AL 1e=AI 2=AL 1d=ID1 c=AI
4=ID1 1=AL 1=ID1 3=AI 1=ID1 2=AI 3=ID1 2=AI 2=ID1 1=AI 2=ID1 3=AL 1=AI 1=AL
4=AI 2=ID1 1=AI 6=ID1 5=AI 1=ID1 2=EB 1=ID1 1=AI 2=ID1 8=AL 3=ID1 2=EB 4=AL
49=AI 1=AL 3=QU 6=AL 1=EX 2=ID1 1=AL 3=OP1 1=CL 1=OP1 1=CL 1=OP1 1=CL 1=OP1
1=CL 1=OP1 1=CL 1=OP1 1=CL 1=OP1 1=CL 1=AI 1e=AL 31=OP1 1=CL 1=AL 1f=OP1
1=CL 1=OP1 1=CL 1=OP1 1=CL 1=OP1 1=CL 1=OP1 1=CL 1=AL 193=OP1 1=CL 1=OP1
1=CL 1=OP1 1=CL 1=OP1 1=CL 1=OP1 1=CL 1=OP1 1=CL 1=OP1 1=CL 1=OP1 1=CL 1=OP1
1=CL 1=OP1 1=CL 1=OP1 1=CL 1=AL 3f=OP1 1=CL 1=OP1 1=CL 1=AL 20=OP1 1=CL 1=AL
157=AI 5=AL 1a=XX 2=AL 20=XX 1=AL 158=CM 3=AL 2=XX 5=EX 1=BA 3=AL 1=EX 1=BA
1=AL 26=XX 1=AL 1=XX 5=AL 1=XX 2=AL 38=XX 7=AL 1=BA 1=XX e=CM 1=AL 17=XX
9=AL 7=XX 1=AL 7=XX 1=AL 7=XX 1=AL 7=XX 1=AL 7=XX 1=AL 7=XX 1=AL 7=XX 1=AL
7=XX 1=CM 20=QU e=BA 8=AL 1=BA 1=OP1 1=BA 1=AL 2=QU 2=AL 2=QU 2=OP1 1=CL
1=OP1 1=CL 1=OP1 1=CL 1=OP1 1=CL 1=BA 4=EX 1=AL 1=BA 2=AL 1=BA 2=AL 5=B2
2=BA 3=AL 1=BA 2=OP1 1=BA 8=AL 1=BA 1=AL 1=BA 2=AL 3=EX 2=OP1 1=CL 1=OP1
1=CL 1=OP1 1=CL 1=OP1 1=CL 1=BA 1=XX 22=ID1 1a=XX 1=ID1 59=XX c=ID1 d6=XX
1a=ID1 c=XX 4=BA 1=CL 2=ID1 2=NS 1=ID1 2=OP2 1=CL 1=OP2 1=CL 1=OP2 1=CL
1=OP2 1=CL 1=OP2 1=CL 1=ID1 2=OP2 1=CL 1=OP2 1=CL 1=OP2 1=CL 1=OP2 1=CL 1=NS
1=OP2 1=CL 2=ID1 a=CM 6=ID1 5=CM 1=ID1 5=NS 2=ID1 3=XX 1=NS 1=ID1 1=NS 1=ID1
1=NS 1=ID1 1=NS 1=ID1 1=NS 1=ID1 19=NS 1=ID1 1f=NS 1=ID1 1=NS 1=ID1 1=NS
1=ID1 6=NS 1=ID1 6=NS 2=XX 2=CM 2=NS 4=ID1 1=NS 2=ID1 1=NS 1=ID1 1=NS 1=ID1
1=NS 1=ID1 1=NS 1=ID1 19=NS 1=ID1 1f=NS 1=ID1 1=NS 1=ID1 1=NS 1=ID1 6=NS
1=ID1 6=NS 2=ID1 4=NS 4=ID1 1=XX 5=ID1 2b=XX 1=ID1 5e=XX 1=ID1 54=XX c=NS
10=ID1 1f=XX 1=ID1 28=AI 8=ID1 1b70=AL 40=ID1 5215=NS 1=ID1 477=XX 3=ID1
37=XX 9=AL 2e=BA 2=AL 10d=BA 1=EX 1=BA 1=AL 10=NU a=AL 2=XX 14=AL 2f=CM 4=AL
1=CM a=AL 20=CM 2=AL 50=CM 2=AL 1=BA 5=XX 8=AL cb=XX 5=AL 2=XX 1=AL 1=XX
1=AL 5=XX 18=AL 10=CM 1=AL 3=CM 1=AL 4=CM 1=AL 17=CM 5=AL 4=CM 1=XX 3=AL
8=PO 1=AL 1=XX 6=AL 34=BB 2=EX 2=XX 8=CM 2=AL 32=CM 12=XX 8=BA 2=NU a=XX
6=CM 12=AL a=BB 1=AL 2=CM 1=NU a=AL 1c=CM 8=BA 2=AL 17=CM d=XX b=AL 1=JL
1d=XX 3=CM 4=AL 2f=CM e=AL 6=BA 3=AL 4=XX 1=AL 1=NU a=XX 4=AL 2=SA 10=NU
a=SA 5=XX 1=AL 29=CM e=XX 9=AL 3=CM 1=AL 8=CM 2=XX 2=NU a=XX 2=AL 1=BA 3=SA
63=XX 18=SA 5=AL b=CM 5=BA 2=AL 3=CM 2=XX a=AL 6=XX 2=AL 6=XX 2=AL 6=XX 9=AL
7=XX 1=AL 7=XX 1=AL 3c=XX 4=AL 73=CM 8=BA 1=CM 2=XX 2=NU a=XX 6=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3
1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=H2 1=H3 1b=XX c=JV
17=XX 4=JT 31=XX 2104=ID1 200=AL 7=XX c=AL 5=XX 5=HL 1=CM 1=HL a=AL 1=HL
d=XX 1=HL 5=XX 1=HL 1=XX 1=HL 2=XX 1=HL 2=XX 1=HL a=AL 73=XX 10=AL 16b=CL
1=OP1 1=AL 50=XX 2=AL 36=XX 7=AL 1=XX 20=AL c=PO 1=AL 3=CM 10=IS 1=CL 2=IS
2=EX 2=OP2 1=CL 1=IN 1=XX 6=CM 10=ID1 5=OP2 1=CL 1=OP2 1=CL 1=OP2 1=CL 1=OP2
1=CL 1=OP2 1=CL 1=OP2 1=CL 1=OP2 1=CL 1=OP2 1=CL 1=ID1 2=OP2 1=CL 1=ID1 7=CL
1=ID1 1=CL 1=XX 1=NS 2=EX 2=ID1 1=OP2 1=CL 1=OP2 1=CL 1=OP2 1=CL 1=ID1 8=XX
1=ID1 1=PR 1=PO 1=ID1 1=XX 4=AL 5=XX 1=AL 87=XX 2=WJ 1=XX 1=EX 1=ID1 2=PR
1=PO 1=ID1 2=OP2 1=CL 1=ID1 2=CL 1=ID1 1=CL 1=ID1 b=NS 2=ID1 3=EX 1=ID1
1b=OP2 1=ID1 1=CL 1=ID1 1d=OP2 1=ID1 1=CL 1=ID1 1=OP2 1=CL 2=OP2 1=CL 2=NS
1=ID1 1=NS a=ID1 2d=NS 2=ID1 1f=XX 3=ID1 6=XX 2=ID1 6=XX 2=ID1 6=XX 2=ID1
3=XX 3=PO 1=PR 1=ID1 3=PR 2=XX 1=AL 7=XX a=CM 3=CB 1=AI 1=XX 2=AL c=XX 1=AL
1a=XX 1=AL 13=XX 1=AL 2=XX 1=AL f=XX 2=AL e=XX 22=AL 7b=XX 5=BA 3=XX 4=AL
2d=XX 3=AL 58=XX 1=AL d=XX 3=AL 1=XX 2f=AL 2d=CM 1=XX 82=AL 1d=XX 3=AL 31=XX
f=CM 1=AL 1b=XX 4=AL 24=XX 9=AL 1e=XX 5=AL 26=CM 5=XX 5=AL 1e=XX 1=BA 1=AL
24=XX 4=AL 8=BA 1=AL 5=XX 2a=AL 9e=XX 2=NU a=XX 6=AL 24=XX 4=AL 24=XX 4=AL
28=XX 8=AL 34=XX b=AL c=XX 1=AL f=XX 1=AL 7=XX 1=AL 2=XX 1=AL b=XX 1=AL f=XX
1=AL 7=XX 1=AL 2=XX 43=AL 137=XX 9=AL 16=XX a=AL 8=XX 18=AL 6=XX 1=AL 2a=XX
1=AL 9=XX 45=AL 6=XX 2=AL 1=XX 1=AL 2c=XX 1=AL 2=XX 3=AL 1=XX 2=AL 17=XX
1=BA 1=AL 47=XX 8=AL 9=XX 30=AL 13=XX 1=AL 2=XX 5=AL 21=XX 3=BA 1=AL 1a=XX
5=AL 1=XX 40=AL 38=XX 4=AL 14=XX 2=AL 2f=CM 3=XX 1=CM 2=XX 5=CM 4=AL 4=XX
1=AL 3=XX 1=AL 1d=XX 2=CM 3=XX 4=CM 1=AL 9=XX 7=BA 8=AL 1=XX 7=AL 40=XX
20=AL 25=CM 2=XX 4=AL 5=BA 6=IN 1=XX 9=AL 36=XX 3=BA 7=AL 16=XX 2=AL 1b=XX
5=AL 1a=XX 7=AL 4=XX c=AL 7=XX 50=AL 49=XX 37=AL 33=XX d=AL 33=XX 7=AL 2a=CM
4=XX 8=NU a=XX 126=AL 1f=XX 1=AL 2a=XX 1=CM 2=BA 1=XX 2=AL 2=XX 4e=AL 28=XX
8=AL 16=CM b=AL 9=XX 16=AL 12=CM 4=AL 4=XX 26=AL 1c=XX 14=AL 17=XX 9=CM 3=AL
35=CM f=BA 2=AL 5=XX 4=AL 14=NU a=CM 1=AL 2=CM 2=AL 1=XX 9=CM 4=AL 2d=CM
b=AL 3=BA 4=CM 1=XX a=AL 1=XX 2=AL 19=XX 7=NU a=XX 6=CM 3=AL 24=CM e=XX 1=NU
a=BA 4=AL 1=CM 2=AL 1=XX 8=AL 23=CM 1=AL 1=BB 1=AL 1=XX 9=CM 3=AL 30=CM e=AL
4=BA 2=AL 1=BA 1=CM 4=AL 1=CM 2=NU a=AL 1=BB 1=AL 1=BA 3=XX 1=AL 14=XX b=AL
12=XX 1=AL 19=CM c=BA 2=AL 1=BA 2=AL 1=CM 1=XX 41=AL 7=XX 1=AL 1=XX 1=AL
4=XX 1=AL f=XX 1=AL a=BA 1=XX 6=AL 2f=CM c=XX 5=NU a=XX 6=CM 4=XX 1=AL 8=XX
2=AL 2=XX 2=AL 16=XX 1=AL 7=XX 1=AL 2=XX 1=AL 5=XX 1=CM 2=AL 1=CM 7=XX 2=CM
2=XX 2=CM 3=XX 2=AL 1=XX 6=CM 1=XX 5=AL 5=CM 2=XX 2=CM 7=XX 3=CM 5=XX 8b=AL
35=CM 12=AL 4=BA 4=AL 1=NU a=BA 2=XX 1=AL 1=CM 1=AL 3=XX 1e=AL 30=CM 14=AL
4=XX 8=NU a=XX a6=AL 2f=CM 7=XX 2=CM 9=BB 1=BA 2=EX 2=AL 3=BA f=AL 4=CM 2=XX
22=AL 30=CM 11=BA 2=AL 2=XX b=NU a=XX 6=BB d=XX 13=AL 2b=CM d=AL 2=XX 6=NU
a=XX 36=SA 1b=XX 2=SA f=XX 4=NU a=SA 2=BA 3=SA 8=XX b9=AL 2c=CM f=AL 1=XX
64=AL 40=NU a=AL 9=XX c=AL 8=XX 2=AL 1=XX 2=AL 8=XX 1=AL 2=XX 1=AL 18=CM
6=XX 1=CM 2=XX 2=CM 4=AL 1=CM 1=AL 1=CM 2=BA 3=XX 9=NU a=XX 46=AL 8=XX 2=AL
27=CM 7=XX 2=CM 7=AL 1=BB 1=AL 1=CM 1=XX 1b=AL 1=CM a=AL 28=CM 7=AL 1=CM
4=BB 1=AL 1=BA 4=BB 1=AL 1=CM 1=XX 8=AL 1=CM b=AL 2e=CM 10=BA 3=AL 1=BB 3=BA
2=XX d=AL 49=XX 107=AL 9=XX 1=AL 25=CM 8=XX 1=CM 8=AL 1=BA 5=XX a=NU a=AL
13=XX 3=BB 1=EX 1=AL 1e=XX 2=CM 16=XX 1=CM e=XX 49=AL 7=XX 1=AL 2=XX 1=AL
26=CM 6=XX 3=CM 1=XX 1=CM 2=XX 1=CM 7=AL 1=CM 1=XX 8=NU a=XX 6=AL 6=XX 1=AL
2=XX 1=AL 20=CM 5=XX 1=CM 2=XX 1=CM 5=AL 1=XX 7=NU a=XX 136=AL 13=CM 4=AL
2=XX b7=AL 1=XX f=AL 1d=PO 4=AL 11=XX d=BA 1=AL 39a=XX 66=AL 6f=XX 1=BA 5=XX
b=AL c4=XX a4c=AL 63=XX d=AL 258=OP1 3=CL 3=AL 24=CL 1=AL 3=OP1 1=CL 1=OP1
1=CL 1=AL ef=OP1 1=CL 2=AL b3=XX 1=GL 7=OP1 1=CL 1=XX fc7=AL 1ce=OP1 1=CL
1=AL 77=XX 21b9=AL 239=XX 7=AL 1f=XX 1=NU a=XX 4=BA 2=AL 4f=XX 1=NU a=XX
6=AL 1e=XX 2=CM 5=BA 1=XX a=AL 30=CM 7=BA 3=AL a=BA 1=AL 1=XX a=NU a=XX 1=AL
7=XX 1=AL 15=XX 5=AL 13=XX 2b0=AL 57=BA 2=AL 2=XX 65=AL 4b=XX 4=CM 1=AL 1=CM
37=XX 7=CM 4=AL d=XX 40=NS 4=GL 1=XX b=CM 2=XX e=ID1 17f8=XX 8=ID1 300=AL
1d6=XX 2a=ID1 9=XX 22e7=AL 4=XX 1=AL 7=XX 1=AL 2=XX 1=ID1 123=XX 2d=NS 3=XX
11=NS 4=XX 8=ID1 18c=XX 904=AL 6b=XX 5=AL d=XX 3=AL 9=XX 7=AL a=XX 2=AL 1=CM
2=BA 1=CM 4=XX 125c=CM 2e=XX 2=CM 17=XX 9=AL 74=XX 3c=AL f6=XX a=AL 27=XX
2=AL 3c=CM 5=AL 3=CM 16=AL 2=CM 7=AL 1e=CM 4=AL 3d=XX 15=AL 42=CM 3=AL 1=XX
9a=AL 14=XX c=AL 57=XX 9=AL 19=XX 87=AL 55=XX 1=AL 47=XX 1=AL 2=XX 2=AL 1=XX
2=AL 2=XX 2=AL 4=XX 1=AL c=XX 1=AL 1=XX 1=AL 7=XX 1=AL 41=XX 1=AL 4=XX 2=AL
8=XX 1=AL 7=XX 1=AL 1c=XX 1=AL 4=XX 1=AL 5=XX 1=AL 1=XX 3=AL 7=XX 1=AL
154=XX 2=AL 124=XX 2=NU 32=AL 200=CM 37=AL 4=CM 32=AL 8=CM 1=AL e=CM 1=AL
2=BA 4=AL 1=XX f=CM 5=XX 1=CM f=XX 450=AL 1f=XX e1=CM 7=XX 1=CM 11=XX 2=CM
7=XX 1=CM 2=XX 1=CM 5=XX d5=AL 2d=XX 3=CM 7=AL 7=XX 2=NU a=XX 4=AL 2=XX
140=AL 1e=CM 1=XX 11=AL 2c=CM 4=NU a=XX 5=PR 1=XX 4e0=AL 7=XX 1=AL 4=XX 1=AL
2=XX 1=AL f=XX 1=AL c5=XX 2=AL 9=CM 7=XX 29=AL 44=CM 7=AL 1=XX 4=NU a=XX
4=OP1 2=XX 311=AL 3b=PO 1=AL 3=PO 1=AL 4=XX 4c=AL 3d=XX c2=AL 4=XX 1=AL
1b=XX 1=AL 2=XX 1=AL 1=XX 2=AL 1=XX 1=AL a=XX 1=AL 4=XX 1=AL 1=XX 1=AL 1=XX
6=AL 1=XX 4=AL 1=XX 1=AL 1=XX 1=AL 1=XX 1=AL 3=XX 1=AL 2=XX 1=AL 1=XX 2=AL
1=XX 1=AL 1=XX 1=AL 1=XX 1=AL 1=XX 1=AL 1=XX 1=AL 2=XX 1=AL 1=XX 2=AL 4=XX
1=AL 7=XX 1=AL 4=XX 1=AL 4=XX 1=AL 1=XX 1=AL a=XX 1=AL 11=XX 5=AL 3=XX 1=AL
5=XX 1=AL 11=XX 34=AL 2=XX 10e=ID1 2c=ID2 4=ID1 64=ID2 c=ID1 f=ID2 2=ID1
f=ID2 1=ID1 f=ID2 1=ID1 25=ID2 a=AI d=ID1 3=AI 1e=AL 2=AI 3a=AL 3=ID1 3=AI
3d=ID1 1=ID2 38=RI 1a=ID1 3=ID2 d=ID1 2c=ID2 4=ID1 9=ID2 7=ID1 2=ID2 e=ID1
6=ID2 9a=ID1 85=EB 1=ID1 16=AL 2=ID1 17=AL 2=ID1 5=AL 1=ID1 5=EB 3=ID1 2=EB
1=ID1 2=EB 3=ID1 2e=EM 5=ID1 42=EB 2=ID1 2=EB b=ID1 15=EB 13=ID1 3=EB 1=ID1
4=EB 3=ID1 1=EB 3=ID1 7=EB 1=ID1 1=EB 1=ID1 e=AL 1=ID1 1=AL 1=ID1 1=AL 1=ID1
5=EB 1=ID1 4=AL 1=ID1 1=AL 2=ID1 4d=AL 7=ID1 10=AL e=ID1 d=AL 18=ID1 2a=EB
2=ID1 4=EB 1=ID1 15=EB 1=ID1 4=EB 2=ID1 3d=AL 8=ID1 18=AL 6=ID1 4b=EB 3=ID1
3=EB 5=AL 26=QU 3=NS 3=AL 4=ID1 23=EB 1=ID1 10=EB 3=ID1 9=EB 1=ID1 b=EB
1=ID1 b=ID2 5=ID1 10=ID2 3=ID1 d=ID2 3=AL 74=ID2 c=AL 55=ID1 4=ID2 7=ID1
c=ID2 4=ID1 1=ID2 f=AL c=ID2 4=AL 38=ID2 8=AL a=ID2 6=AL 28=ID2 8=AL 1e=ID2
2=ID1 2=ID2 4e=AL c=EB 1=ID1 2=EB 1=ID1 8=EB 8=ID1 6=EB 1=ID1 9=EB a=ID1
2=EB 3=ID1 38=EB 1=ID1 3d=EB 2=ID1 1=EB 2=ID1 1=EB 1=ID1 11=EB 3=ID1 1=EB
d=ID1 22=AL 54=ID2 c=ID1 e=ID2 2=ID1 5=ID2 3=ID1 5=ID2 3=ID1 7=ID2 9=ID1
1d=ID2 3=ID1 b=ID2 5=ID1 3=EB 3=ID2 a=ID1 a=ID2 6=ID1 8=ID2 8=EB 7=ID2 9=AL
93=XX 1=AL 37=XX 25=NU a=XX 6=ID2 3fe=XX 2=ID1 fffe=XX 2=ID1 fffe=XX
a0003=CM 1=XX 1e=CM 60=XX 80=CM f0=XX
"""

_WIDTH_DATA = """
0=0 1=-1 1f=1 5f=-1 21=1 d=0 1=1 252=0 70=1 113=0 7=1 107=0 2d=1 1=0 1=1 1=0
2=1 1=0 2=1 1=0 1=1 38=0 6=1 a=0 b=1 1=0 1=1 2e=0 15=1 10=0 1=1 65=0 8=1 1=0
6=1 2=0 2=1 1=0 4=1 21=0 1=1 1=0 1=1 1e=0 1b=1 5b=0 b=1 3a=0 9=1 9=0 1=1
18=0 4=1 1=0 9=1 1=0 3=1 1=0 5=1 2b=0 3=1 34=0 2=1 6=0 8=1 2a=0 39=1 37=0
1=1 1=0 1=1 4=0 8=1 4=0 1=1 3=0 7=1 a=0 2=1 1d=0 1=1 3a=0 1=1 4=0 4=1 8=0
1=1 14=0 2=1 1a=0 1=1 2=0 2=1 39=0 1=1 4=0 2=1 4=0 2=1 2=0 3=1 3=0 1=1 1e=0
2=1 3=0 1=1 b=0 2=1 39=0 1=1 4=0 5=1 1=0 2=1 4=0 1=1 14=0 2=1 16=0 6=1 1=0
1=1 3a=0 1=1 2=0 1=1 1=0 4=1 8=0 1=1 7=0 2=1 b=0 2=1 1e=0 1=1 3d=0 1=1 c=0
1=1 32=0 1=1 3=0 1=1 37=0 1=1 1=0 3=1 5=0 3=1 1=0 4=1 7=0 2=1 b=0 2=1 1d=0
1=1 3a=0 1=1 f=0 2=1 14=0 2=1 1c=0 2=1 39=0 2=1 4=0 4=1 8=0 1=1 14=0 2=1
1d=0 1=1 48=0 1=1 7=0 3=1 1=0 1=1 5a=0 1=1 2=0 7=1 c=0 8=1 62=0 1=1 2=0 9=1
b=0 6=1 4a=0 2=1 1b=0 1=1 1=0 1=1 1=0 1=1 37=0 e=1 1=0 5=1 1=0 2=1 5=0 b=1
1=0 24=1 9=0 1=1 66=0 4=1 1=0 6=1 1=0 2=1 2=0 2=1 19=0 2=1 4=0 3=1 10=0 4=1
d=0 1=1 2=0 2=1 6=0 1=1 f=0 1=1 62=2 60=0 a0=1 15d=0 3=1 3b2=0 3=1 1d=0 2=1
1e=0 2=1 1e=0 2=1 40=0 2=1 1=0 7=1 8=0 1=1 2=0 b=1 9=0 1=1 2d=0 5=1 75=0 2=1
22=0 1=1 76=0 3=1 4=0 2=1 9=0 1=1 6=0 3=1 db=0 2=1 2=0 1=1 3a=0 1=1 1=0 7=1
1=0 1=1 1=0 1=1 2=0 8=1 6=0 a=1 2=0 1=1 30=0 1f=1 31=0 4=1 30=0 1=1 1=0 5=1
1=0 1=1 5=0 1=1 28=0 9=1 c=0 2=1 20=0 4=1 2=0 2=1 1=0 3=1 38=0 1=1 1=0 2=1
3=0 1=1 1=0 3=1 3a=0 8=1 2=0 2=1 98=0 3=1 1=0 d=1 1=0 7=1 4=0 1=1 6=0 1=1
3=0 2=1 c6=0 40=1 20b=0 5=1 1a=0 5=1 31=0 5=1 1=0 a=1 60=0 21=1 229=2 2=1
d=2 2=1 be=2 4=1 3=2 1=1 2=2 1=1 209=2 2=1 15=2 2=1 32=2 c=1 2b=2 1=1 13=2
1=1 d=2 1=1 8=2 2=1 11=2 2=1 5=2 2=1 8=2 1=1 5=2 1=1 15=2 1=1 7=2 2=1 1=2
1=1 4=2 1=1 2=2 1=1 7=2 1=1 4=2 2=1 1c=2 1=1 23=2 1=1 1=2 1=1 4=2 3=1 1=2
1=1 3d=2 3=1 18=2 1=1 e=2 1=1 35b=2 2=1 33=2 1=1 4=2 1=1 199=0 3=1 8d=0 1=1
60=0 20=1 80=2 1aa=0 4=2 11=1 1=2 59=0 2=2 1ad=1 8=2 1b70=1 40=2 56d0=1
19f=0 4=1 1=0 a=1 20=0 2=1 50=0 2=1 110=0 1=1 3=0 1=1 4=0 1=1 19=0 2=1 5=0
1=1 97=0 2=1 1a=0 12=1 d=0 1=1 26=0 8=1 19=0 b=1 e=2 1d=1 3=0 3=1 30=0 1=1
2=0 4=1 2=0 2=1 27=0 1=1 43=0 6=1 2=0 2=1 2=0 2=1 c=0 1=1 8=0 1=1 2f=0 1=1
33=0 1=1 1=0 3=1 2=0 2=1 5=0 2=1 1=0 1=1 2a=0 2=1 8=0 1=1 ee=0 1=1 2=0 1=1
4=0 1=1 12=2 2ba4=1 c=0 17=1 4=0 31=1 2104=2 200=1 1e=0 1=1 2e1=0 10=2 10=0
10=2 40=1 8f=0 1=2 61=1 7f=2 7=1 12=0 3=1 201=0 1=1 e2=0 1=1 95=0 5=1 686=0
3=1 1=0 2=1 5=0 4=1 28=0 3=1 4=0 1=1 a5=0 2=1 23d=0 4=1 183=0 2=1 99=0 b=1
31=0 4=1 7b=0 1=1 36=0 f=1 29=0 1=1 2=0 2=1 a=0 3=1 31=0 4=1 2=0 2=1 2=0 1=1
4=0 1=1 a=0 1=1 32=0 3=1 24=0 5=1 1=0 8=1 3e=0 1=1 c=0 2=1 34=0 9=1 a=0 4=1
2=0 1=1 5f=0 3=1 2=0 1=1 1=0 2=1 6=0 1=1 a0=0 1=1 3=0 8=1 15=0 2=1 39=0 2=1
3=0 1=1 25=0 7=1 3=0 5=1 c3=0 8=1 2=0 3=1 1=0 1=1 17=0 1=1 54=0 6=1 1=0 1=1
4=0 2=1 1=0 2=1 ee=0 4=1 6=0 2=1 1=0 2=1 1b=0 2=1 55=0 8=1 2=0 1=1 1=0 2=1
6a=0 1=1 1=0 1=1 2=0 6=1 1=0 1=1 65=0 3=1 2=0 4=1 1=0 5=1 103=0 9=1 1=0 2=1
100=0 2=1 1=0 1=1 4=0 1=1 90=0 4=1 2=0 2=1 4=0 1=1 20=0 6=1 2=0 2=1 28=0 6=1
2=0 4=1 8=0 1=1 9=0 6=1 2=0 3=1 2e=0 d=1 1=0 2=1 196=0 7=1 1=0 6=1 54=0 16=1
2=0 7=1 1=0 2=1 1=0 2=1 7a=0 6=1 3=0 1=1 1=0 2=1 1=0 7=1 1=0 1=1 48=0 2=1
3=0 1=1 1=0 1=1 15b=0 2=1 153b=0 9=1 36b7=0 5=1 3b=0 7=1 418=0 1=1 3f=0 4=1
4d=2 4=0 1=1 b=2 2=1 e=2 17f8=1 8=2 4d6=1 2a=2 9=1 22e7=2 4=1 1=2 7=1 1=2
2=1 1=2 123=1 2d=2 3=1 11=2 4=1 8=2 18c=1 9a1=0 2=1 1=0 4=1 125c=0 2e=1 2=0
17=1 220=0 3=1 9=0 10=1 2=0 7=1 1e=0 4=1 94=0 3=1 7bb=0 37=1 4=0 32=1 8=0
1=1 e=0 1=1 16=0 5=1 1=0 f=1 550=0 7=1 1=0 11=1 2=0 7=1 1=0 2=1 1=0 5=1
105=0 7=1 177=0 1=1 3d=0 4=1 5e0=0 7=1 6d=0 7=1 6b9=2 1=1 ca=2 1=1 be=2 1=1
2=2 a=1 65=2 121=1 c=2 9=1 1=2 46=1 1=2 16=1 c=2 2b=1 4=2 5=1 c=2 11=1 3=2
1=1 3=2 47=1 1=2 1=1 1=2 bb=1 2=2 3f=1 d=2 4=1 1=2 18=1 12=2 1=1 1a=2 2=1
d=2 1=1 56=2 55=1 30=2 46=1 6=2 1=1 3=2 3=1 2=2 3=1 5=2 3=1 b=2 2=1 7=2 9=1
e3=2 c=1 4=2 1=1 11b=2 2f=1 1=2 a=1 1=2 b9=1 70=2 5=1 3=2 5=1 3=2 7=1 9=2
1d=1 3=2 b=1 5=2 6=1 a=2 a=1 6=2 8=1 8=2 7=1 509=2 20000=1 a0001=0 1=1 1e=0
60=1 80=0 f0=1
"""

# Line breaking classes, with the numbering of libunistring's lbrktables.h.
_LBP_NUM = {
    "WJ": 0, "GL": 1, "B2": 2, "BA": 3, "BB": 4, "HY": 5, "CL": 6, "CP1": 7,
    "CP2": 8, "EX": 9, "IN": 10, "NS": 11, "OP1": 12, "OP2": 13, "QU": 14,
    "IS": 15, "NU": 16, "PO": 17, "PR": 18, "SY": 19, "AL": 20, "H2": 21,
    "H3": 22, "ID1": 23, "ID2": 24, "JL": 25, "JV": 26, "JT": 27, "HL": 28,
    "RI": 29, "ZWJ": 30, "EB": 31, "EM": 32, "BK": 33, "CR": 34, "LF": 35,
    "CM": 36, "ZW": 37, "SP": 38, "CB": 39, "AI": 40, "SA": 41, "XX": 42,
}
_WJ, _GL, _B2, _BA, _BB, _HY = 0, 1, 2, 3, 4, 5
_HL, _RI, _ZWJ, _AL, _ID1 = 28, 29, 30, 20, 23
_BK, _CR, _LF, _CM, _ZW, _SP, _CB, _AI, _SA, _XX = 33, 34, 35, 36, 37, 38, 39, 40, 41, 42
_HL_BA = 100  # runtime-only state: Hebrew letter followed by HY or BA

# Pair table 7.3 of UAX #14 as in libunistring's lbrktables.c:
# row = class before the opportunity, column = class after it.
# D = direct break, I = indirect break (only after spaces), P = prohibited.
_PAIR_TABLE = [
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
]

_INT_MAX = 2**31 - 1  # page width used by GNU when wrapping is off

# Break values, as in libunistring's unilbrk.h.
_UNDEFINED = 0  # UC_BREAK_UNDEFINED: no override
_PROHIBITED = 1  # UC_BREAK_PROHIBITED
_POSSIBLE = 2  # UC_BREAK_POSSIBLE
_MANDATORY = 3  # UC_BREAK_MANDATORY


def _parse_ranges(data: str, conv) -> tuple[list[int], list[int]]:
    """Decode a DELTA=VALUE range table into parallel (starts, values) lists."""
    starts: list[int] = []
    values: list[int] = []
    pos = 0
    for tok in data.split():
        delta, _, val = tok.partition("=")
        pos += int(delta, 16)
        starts.append(pos)
        values.append(conv(val))
    return starts, values


_LBP_STARTS, _LBP_VALUES = _parse_ranges(_LBP_DATA, _LBP_NUM.__getitem__)
_WIDTH_STARTS, _WIDTH_VALUES = _parse_ranges(_WIDTH_DATA, int)
_LBP_CACHE: dict[int, int] = {}
_WIDTH_CACHE: dict[int, int] = {}


def _lbp(cp: int) -> int:
    """libunistring's unilbrkprop_lookup(): raw line breaking class of cp."""
    v = _LBP_CACHE.get(cp)
    if v is None:
        v = _LBP_VALUES[bisect_right(_LBP_STARTS, cp) - 1]
        _LBP_CACHE[cp] = v
    return v


def _uc_width(cp: int) -> int:
    """libunistring's uc_width(cp, "UTF-8"): -1 (control), 0, 1 or 2."""
    v = _WIDTH_CACHE.get(cp)
    if v is None:
        v = _WIDTH_VALUES[bisect_right(_WIDTH_STARTS, cp) - 1]
        _WIDTH_CACHE[cp] = v
    return v


def _possible_linebreaks(cps: list[int]) -> list[int]:
    """Port of libunistring 1.0 u8_possible_linebreaks (cr = -1), per character.

    Element i tells whether a break is possible/prohibited/mandatory *before*
    character i.
    """
    n = len(cps)
    p = [_PROHIBITED] * n
    prev_prop = _BK  # line break property of last character
    last_prop = _BK  # line break property of last non-space character
    seen_space = False  # was a space seen after the last non-space character?
    ri_count = 0
    for i, uc in enumerate(cps):
        prop = _lbp(uc)
        if prop == _BK or prop == _LF or prop == _CR:
            p[i] = _MANDATORY
            prev_prop = prop
            last_prop = _BK
            seen_space = False
        else:
            if prop == _AI:
                prop = _AL  # UTF-8 is not a CJK legacy encoding
            elif prop == _CB:
                prop = _ID1
            elif prop == _SA or prop == _XX:
                prop = _AL
            if prop == _SP:
                p[i] = _PROHIBITED
                seen_space = True
            elif prop == _ZW:
                p[i] = _PROHIBITED
                last_prop = _ZW
                seen_space = False
            elif prop == _CM or prop == _ZWJ:
                if last_prop == _BK:
                    p[i] = _PROHIBITED
                    last_prop = _AL
                    seen_space = False
                elif last_prop == _ZW or seen_space:
                    p[i] = _POSSIBLE
                    last_prop = _AL
                    seen_space = False
                else:
                    p[i] = _PROHIBITED
            else:
                if last_prop == _BK:
                    p[i] = _PROHIBITED
                elif last_prop == _ZW:
                    p[i] = _POSSIBLE
                elif prev_prop == _ZWJ:
                    p[i] = _PROHIBITED
                elif last_prop == _RI and prop == _RI:
                    p[i] = _POSSIBLE if (seen_space or ri_count % 2 == 0) else _PROHIBITED
                elif prev_prop == _HL_BA:
                    p[i] = _PROHIBITED
                else:
                    kind = _PAIR_TABLE[last_prop][prop]
                    if kind == "D":
                        p[i] = _POSSIBLE
                    elif kind == "I":
                        p[i] = _POSSIBLE if seen_space else _PROHIBITED
                    else:
                        p[i] = _PROHIBITED
                last_prop = prop
                seen_space = False
            prev_prop = _HL_BA if (prev_prop == _HL and (prop == _HY or prop == _BA)) else prop
        if prop == _RI:
            ri_count += 1
        else:
            ri_count = 0
    return p


def _width_linebreaks(cps: list[int], width: int, start_column: int,
                      overrides: list[int]) -> list[int]:
    """Port of libunistring 1.0 u8_width_linebreaks (at_end_columns = 0)."""
    p = _possible_linebreaks(cps)
    last_i = -1
    last_column = start_column
    piece_width = 0
    for i, uc in enumerate(cps):
        o = overrides[i]
        if o != _UNDEFINED:
            p[i] = o
        b = p[i]
        if b == _POSSIBLE or b == _MANDATORY:
            # An atomic piece of text ends here.
            if last_i >= 0 and last_column + piece_width > width:
                p[last_i] = _POSSIBLE
                last_column = 0
        if b == _MANDATORY:
            last_i = -1
            last_column = 0
            piece_width = 0
        else:
            if b == _POSSIBLE:
                last_i = i
                last_column += piece_width
                piece_width = 0
            p[i] = _PROHIBITED
            w = _uc_width(uc)
            if w >= 0:
                piece_width += w
    if last_i >= 0 and last_column + piece_width > width:
        p[last_i] = _POSSIBLE
    return p


_ESCAPES = {
    "\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
    "\\": "\\", '"': '"',
}
_ESCAPE_TABLE = str.maketrans({c: "\\" + e for c, e in _ESCAPES.items()})


def escape(s: str) -> str:
    """Escape s for the inside of a PO string literal, as GNU gettext writes it.

    ``\\a \\b \\f \\n \\r \\t \\v``, backslash and double quote become
    two-character escapes; all other characters (also other control
    characters) are written raw, as msgcat does without ``--escape``.
    """
    return s.translate(_ESCAPE_TABLE)


def keyword_lines(keyword: str, value: str, *, prefix: str = "", width: int = 79) -> list[str]:
    """Return the lines GNU gettext writes for ``keyword "value"`` (no newlines).

    keyword is e.g. "msgctxt", "msgid", "msgid_plural", "msgstr" or
    "msgstr[0]"; prefix is "" for normal entries, "#~ " for obsolete ones,
    "#| " (or "#~| ") for previous-msgid lines; it is repeated on every line
    and counts towards width.  width means what msgcat's ``--width`` means
    (default 79; values below 20 act as 20); ``width=0`` disables wrapping as
    ``--no-wrap`` or a ``#, no-wrap`` flag do (embedded newlines still split
    the value into lines).  Raises ValueError for NUL, which PO cannot hold.
    """
    if "\0" in value:
        raise ValueError("PO strings cannot contain NUL characters")
    # msgcat's --width handling (write-catalog.c): 0 = no wrapping, min 20.
    if width <= 0:
        width = _INT_MAX
    elif width < 20:
        width = 20
    # Same arithmetic as write-po.c wrap() without --indent.
    startcol_after_break = len(prefix.encode("utf-8")) + 1
    line_width = width - 1 - startcol_after_break
    name_len = len(keyword.encode("utf-8"))
    out: list[str] = []
    first_line = True
    pos = 0
    n = len(value)
    while True:
        nl = value.find("\n", pos)
        end = n if nl < 0 else nl + 1
        portion = value[pos:end]
        # Escaped characters and break overrides, one entry per character.
        chars: list[str] = []
        overrides: list[int] = []
        for c in portion:
            e = _ESCAPES.get(c)
            if e is not None:
                chars.append("\\")
                chars.append(e)
                overrides.append(_UNDEFINED)
                overrides.append(_PROHIBITED)
            else:
                chars.append(c)
                overrides.append(_UNDEFINED)
        if portion.endswith("\n"):
            # Don't break immediately before the "\n" at the end.
            overrides[-2] = _PROHIBITED
        cps = [ord(c) for c in chars]
        # Columns taken before the text, relative to a continuation line's
        # prefix + '"': first line has keyword + " " in addition.
        startcol = name_len + 1 if first_line else 0
        breaks = _width_linebreaks(cps, line_width, startcol, overrides)
        if first_line and chars and (
            end < n or startcol > line_width or _POSSIBLE in breaks
        ):
            out.append(f'{prefix}{keyword} ""')
            first_line = False
            startcol = 0
            breaks = _width_linebreaks(cps, line_width, startcol, overrides)
        line = [f"{prefix}{keyword} \"" if first_line else f'{prefix}"']
        first_line = False
        for c, b in zip(chars, breaks):
            if b == _POSSIBLE:
                line.append('"')
                out.append("".join(line))
                line = [f'{prefix}"']
            line.append(c)
        line.append('"')
        out.append("".join(line))
        pos = end
        if pos >= n:
            break
    return out
