"""Print one of the README's two commands, so CI runs exactly what a newcomer copies.

The README's "Two commands" section holds two indented code lines: the build command, then the test command.
`python .ci/readme_command.py test` prints the second; `build` the first. Anything else exits 2.
"""

import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def commands(text: str) -> list[str]:
    section = text.split("\n## Two commands\n", 1)[1].split("\n## ", 1)[0]
    return [line[4:] for line in section.splitlines() if line.startswith("    ") and line.strip()]


def main(argv: list[str]) -> int:
    found = commands(README.read_text(encoding="utf-8"))
    which = {"build": 0, "test": 1}
    if len(argv) != 1 or argv[0] not in which or len(found) != 2:
        print("usage: readme_command.py build|test (README: exactly two commands)", file=sys.stderr)
        return 2
    print(found[which[argv[0]]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
