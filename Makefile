# kaede: the two commands a newcomer needs are `make lab` and `make test`.
# Both create the pinned environment in .venv/ if it is missing (or out of date), and reuse it otherwise.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kaede-installed
PORT   ?= 8888

.PHONY: lab test venv bench notebooks clean-venv

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

## Open JupyterLab on notebooks/ (the shipped cases are found automatically).
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 --port=$(PORT) \
	    --no-browser $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

## Run every test: unit tests, doctests, case checks and the notebooks under nbval.
test: $(STAMP)
	$(BIN)/python -m pytest

## Print the benchmark figures.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/workshop.py
	$(BIN)/python benchmarks/qca.py

clean-venv:
	rm -rf $(VENV)

## Re-execute every notebook in place, top to bottom from a clean kernel (then commit them).
notebooks: $(STAMP)
	for nb in notebooks/[0-9]*.ipynb; do \
	    $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=300 "$$nb" || exit 1; \
	done

## Slides and workshop: Voila's reveal template with assets from npm (reveal.js CSS) and the venv.
## (npm's reveal.js goes to static/revealjs: a folder named static/reveal.js would shadow Voila's own
## static/reveal.js script, and the deck would stay blank.)
REVEAL_DIR := $(VENV)/share/jupyter/voila/templates/kaede-reveal
REVEAL_VERSION := 4.0.2
.PHONY: slides workshop workshop-assets
$(REVEAL_DIR)/.installed-revealjs: $(STAMP) kaede/workshop/templates/kaede-reveal/index.html.j2 kaede/workshop/templates/kaede-reveal/conf.json
	mkdir -p $(REVEAL_DIR)/static
	cp kaede/workshop/templates/kaede-reveal/index.html.j2 kaede/workshop/templates/kaede-reveal/conf.json $(REVEAL_DIR)/
	cd $(REVEAL_DIR) && rm -rf static/reveal.js static/revealjs package && npm pack --silent reveal.js@$(REVEAL_VERSION) >/dev/null \
	    && tar xzf reveal.js-$(REVEAL_VERSION).tgz && mv package static/revealjs && rm reveal.js-$(REVEAL_VERSION).tgz
	@touch $@
## The participant page's template: Voila's lab template without its CDN links.
PAGE_TEMPLATE_DIR := $(VENV)/share/jupyter/voila/templates/kaede-page
$(PAGE_TEMPLATE_DIR)/index.html.j2: $(STAMP) kaede/workshop/templates/kaede-page/index.html.j2 kaede/workshop/templates/kaede-page/conf.json
	mkdir -p $(PAGE_TEMPLATE_DIR)
	cp kaede/workshop/templates/kaede-page/conf.json $(PAGE_TEMPLATE_DIR)/
	cp kaede/workshop/templates/kaede-page/index.html.j2 $@
workshop-assets: $(REVEAL_DIR)/.installed-revealjs $(PAGE_TEMPLATE_DIR)/index.html.j2

## The deck as slides (Voila reveal, live widgets, offline); prints the address.
slides: workshop-assets
	$(BIN)/python -m kaede.workshop.serve slides

## The participant page (LAN) and the deck; prints both addresses; Ctrl-C stops.
workshop: workshop-assets
	$(BIN)/python -m kaede.workshop.serve workshop
