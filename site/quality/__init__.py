"""The quality gates (`python build.py audit`): a built site served locally and checked in headless Chromium.
Rule: a development tool on top of everything; needs the `audit` extra (Playwright) and the npm tools."""
