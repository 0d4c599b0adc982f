# transguard — build, test, install. Libraries are found with pkg-config; `make deps`
# installs the Debian packages they come from.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(PREFIX)/bin
CC      ?= cc
PKG     := libcjson lua5.4 nettle yaml-0.1
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# Debian packages the build and the tests need (checked by `make deps`).
DEB_PKGS := gcc make pkg-config libc6-dev libcjson-dev liblua5.4-dev libcmocka-dev nettle-dev libyaml-dev

PKG_CFLAGS := $(shell pkg-config --cflags $(PKG) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKG) 2>/dev/null)

CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
           -Wshadow -Wno-unused-parameter -DTG_VERSION='"$(VERSION)"' $(PKG_CFLAGS) -Ivalidator -Ibuild
LDLIBS  += $(PKG_LIBS) -lm -lpthread

B := build
LIB_SRC := $(filter-out validator/main.c validator/embedgen.c,$(wildcard validator/*.c))
LIB_OBJ := $(patsubst validator/%.c,$(B)/obj/%.o,$(LIB_SRC)) $(B)/obj/embedded.o
EMBED   := $(sort $(wildcard lua/*.lua)) $(sort $(wildcard policies/*.lua))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))

.PHONY: all deps demo test unit-test cli-test rule-test meta-test corpus-test install-test install uninstall clean format lint

all: $(B)/transguard

$(B)/obj/%.o: validator/%.c $(wildcard validator/*.h) | $(B)/obj
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/obj $(B)/tests:
	mkdir -p $@

# The shipped Lua (helpers first, then policies) is compiled into the binary.
$(B)/embedgen: validator/embedgen.c | $(B)/obj
	$(CC) -O1 -Wall -Wextra -Werror $< -o $@

$(B)/embedded.c: $(B)/embedgen $(EMBED)
	$(B)/embedgen $@ $(EMBED)

$(B)/obj/embedded.o: $(B)/embedded.c validator/embedded.h
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/libtg.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/transguard: $(B)/obj/main.o $(B)/libtg.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libtg.a | $(B)/tests
	$(CC) $(CFLAGS) $(LDFLAGS) -Itests/unit -o $@ $< $(B)/libtg.a $(LDLIBS) $$(pkg-config --libs cmocka)

# Installs what the build needs (as root), or prints the exact command and stops.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "make deps: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "make deps: missing Debian packages:$$missing"; \
	  echo "run:  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	fi

demo: deps
	@$(MAKE) --no-print-directory all
	@echo "== transguard check examples/translator-demo.json =="
	@$(B)/transguard check examples/translator-demo.json; rc=$$?; \
	  echo "(exit status $$rc: 0 = clean, 1 = findings at or above --fail-on, 2 = input errors)"; \
	  [ $$rc -le 1 ]

test: deps
	@$(MAKE) --no-print-directory all unit-test cli-test rule-test meta-test corpus-test install-test
	@echo "all tests passed"

unit-test: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

cli-test: $(B)/transguard
	@sh tests/cli/run.sh $(B)/transguard

rule-test: $(B)/transguard
	@sh tests/rules/run.sh $(B)/transguard
	@out=$$($(B)/transguard test) || { printf '%s\n' "$$out" | grep -v '^ok '; exit 1; }; \
	  printf '%s\n' "$$out" | tail -1

# every rule: metadata, docs page, fixtures for both formats, snippets that pass
meta-test: $(B)/transguard
	@sh tests/rules/meta.sh $(B)/transguard

corpus-test: $(B)/transguard
	@sh tests/corpus/run.sh $(B)/transguard

# `make install` into a scratch DESTDIR, then run the installed binary from elsewhere.
install-test: $(B)/transguard
	@d=$$(mktemp -d) && $(MAKE) --no-print-directory -s install DESTDIR=$$d PREFIX=/opt/tg >/dev/null && \
	  test -x $$d/opt/tg/bin/transguard && \
	  (cd / && $$d/opt/tg/bin/transguard rules | grep -q TG002) && \
	  rm -rf $$d && echo "install test: passed"

install: $(B)/transguard
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(B)/transguard $(DESTDIR)$(BINDIR)/transguard

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/transguard

format:
	clang-format -i validator/*.c validator/*.h tests/unit/*.c

lint:
	clang-format --dry-run --Werror validator/*.c validator/*.h tests/unit/*.c
	cppcheck --quiet --inline-suppr --error-exitcode=1 --enable=warning,portability -Ivalidator validator

clean:
	rm -rf $(B)
