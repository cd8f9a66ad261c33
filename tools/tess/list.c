/* SPDX-License-Identifier: BSD-3-Clause */
/* tess list: applications, libraries and platforms with one line each. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tess.h"

#define DESC_MAX 256

/* Skips blanks; Kconfig indents with tabs or spaces. */
static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* p starts with the word and a blank (or the end): the rest, else NULL. */
static const char *after_word(const char *p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(p, word, n) != 0 || (p[n] && !isspace((unsigned char)p[n])))
		return NULL;
	return skip_blanks(p + n);
}

/* The "..." string at p (backslash escapes undone); false if there is none. */
static bool quoted(const char *p, char *out, size_t size)
{
	size_t n = 0;

	if (*p++ != '"')
		return false;
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (n + 1 < size)
			out[n++] = *p;
	}
	out[n] = '\0';
	return *p == '"';
}

/* Drops a leading "name: " from a description: the list shows the name. */
static const char *without_name(const char *desc, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(desc, name, n) == 0 && desc[n] == ':')
		return skip_blanks(desc + n + 1);
	return desc;
}

/* An application's description: the first `comment "..."` of its Config.uk. */
static bool app_description(FILE *f, const char *name, char *desc, size_t size)
{
	char *line = NULL;
	size_t cap = 0;
	bool found = false;

	(void)name; /* the name prefix is dropped by the caller */
	while (!found && getline(&line, &cap, f) > 0) {
		const char *rest = after_word(skip_blanks(line), "comment");

		found = rest && quoted(rest, desc, size);
	}
	free(line);
	return found;
}

/* Words that start a Kconfig entry and so end the one before. */
static bool entry_start(const char *p)
{
	static const char *const words[] = {
		"config",  "menuconfig", "choice",   "endchoice",
		"menu",	   "endmenu",	 "if",	     "endif",
		"comment", "source",	 "mainmenu",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (after_word(p, words[i]))
			return true;
	return false;
}

/* The prompt of a type line (bool "...") or a prompt line, if any. */
static bool prompt_of(const char *p, char *desc, size_t size)
{
	static const char *const words[] = {
		"bool", "tristate", "int", "hex", "string", "prompt",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const char *rest = after_word(p, words[i]);

		if (rest)
			return quoted(rest, desc, size);
	}
	return false;
}

/*
 * A library's description: the prompt of its main entry, `config` or
 * `menuconfig` TESS_<NAME> (upper case, '-' as '_'). A library whose
 * main entry has no prompt (always built in) has none.
 */
static bool lib_description(FILE *f, const char *name, char *desc, size_t size)
{
	char symbol[300], *line = NULL;
	size_t cap = 0, i;
	bool in_main = false, found = false;

	snprintf(symbol, sizeof(symbol), "TESS_%s", name);
	for (i = 5; symbol[i]; i++)
		symbol[i] = symbol[i] == '-'
				    ? '_'
				    : (char)toupper((unsigned char)symbol[i]);
	while (!found && getline(&line, &cap, f) > 0) {
		const char *p = skip_blanks(line), *sym;

		if (entry_start(p)) {
			sym = after_word(p, "config");
			if (!sym)
				sym = after_word(p, "menuconfig");
			in_main = sym &&
				  strncmp(sym, symbol, strlen(symbol)) == 0 &&
				  (sym[strlen(symbol)] == '\0' ||
				   isspace((unsigned char)sym[strlen(symbol)]));
		} else if (in_main) {
			found = prompt_of(p, desc, size);
		}
	}
	free(line);
	return found;
}

/* A platform's description: its Config.uk's "# NAME: ..." comment line. */
static bool plat_description(FILE *f, const char *name, char *desc, size_t size)
{
	char *line = NULL;
	size_t cap = 0, n = strlen(name);
	bool found = false;

	while (!found && getline(&line, &cap, f) > 0) {
		const char *p = line;

		if (*p++ != '#')
			continue;
		p = skip_blanks(p);
		if (strncmp(p, name, n) == 0 && p[n] == ':') {
			snprintf(desc, size, "%s", p);
			desc[strcspn(desc, "\n")] = '\0';
			found = true;
		}
	}
	free(line);
	return found;
}

struct kind {
	const char *word; /* as on the command line */
	const char *title;
	const char *folder;
	const char *skip; /* a folder that is not one of them */
	bool (*describe)(FILE *f, const char *name, char *desc, size_t size);
	bool needs_config; /* only folders with a Config.uk count */
	bool by_bus;	   /* folder/<bus>/<name>: drivers */
};

static const struct kind kinds[] = {
	{"apps", "applications (apps/)", "apps", NULL, app_description, false,
	 false},
	{"libs", "libraries (lib/)", "lib", NULL, lib_description, true, false},
	{"drivers", "drivers (drivers/<bus>/)", "drivers", NULL,
	 lib_description, true, true},
	{"plats", "platforms (plat/)", "plat", "common", plat_description,
	 false, false},
};

/* The entries of one kind: folder's sub-folders, or for a kind sorted
 * by bus, the sub-folders of each (named "bus/name"). */
static int kind_names(const struct kind *k, const char *folder, char ***out)
{
	char **buses, **names, sub[TESS_PATH_MAX];
	int nbuses, count = 0;

	if (!k->by_bus)
		return tess_names_in(folder, true, out);
	*out = NULL;
	nbuses = tess_names_in(folder, true, &buses);
	for (int b = 0; b < nbuses; b++) {
		int n;

		tess_path(sub, sizeof(sub), "%s/%s", folder, buses[b]);
		n = tess_names_in(sub, true, &names);
		for (int i = 0; i < n; i++) {
			char **grown = realloc(*out, sizeof(**out) *
							     (size_t)(count + 1));

			if (!grown)
				break;
			*out = grown;
			if (asprintf(&grown[count], "%s/%s", buses[b],
				     names[i]) >= 0)
				count++;
		}
		tess_names_free(names, n);
	}
	tess_names_free(buses, nbuses);
	return nbuses < 0 ? nbuses : count;
}

static void list_kind(const struct kind *k, bool titled)
{
	char folder[TESS_PATH_MAX], file[TESS_PATH_MAX], desc[DESC_MAX];
	char **names;
	int count, width = 0;

	tess_path(folder, sizeof(folder), "%s/%s", tess_root, k->folder);
	count = kind_names(k, folder, &names);
	for (int i = 0; i < count; i++)
		if ((int)strlen(names[i]) > width)
			width = (int)strlen(names[i]);
	if (titled)
		printf("%s:\n", k->title);
	for (int i = 0; i < count; i++) {
		FILE *f;
		bool described = false;
		/* A driver's library is named by its own folder. */
		const char *lib_name = strrchr(names[i], '/')
					       ? strrchr(names[i], '/') + 1
					       : names[i];

		if (k->skip && strcmp(names[i], k->skip) == 0)
			continue;
		tess_path(file, sizeof(file), "%s/%s/Config.uk", folder,
			  names[i]);
		f = fopen(file, "r");
		if (!f && k->needs_config)
			continue;
		if (f) {
			described =
				k->describe(f, lib_name, desc, sizeof(desc));
			fclose(f);
		}
		if (described)
			printf("%s%-*s  %s\n", titled ? "  " : "", width,
			       names[i], without_name(desc, lib_name));
		else
			printf("%s%s\n", titled ? "  " : "", names[i]);
	}
	if (count < 0)
		fprintf(stderr, "tess list: cannot read %s\n", folder);
	tess_names_free(names, count);
}

int tess_list(const struct tess_cmd *cmd, int argc, char **argv)
{
	struct tess_args args;
	const char *which;
	size_t n = sizeof(kinds) / sizeof(kinds[0]);

	tess_args_parse(cmd, argc, argv, NULL, 1, false, &args);
	which = args.npositional ? args.positional[0] : NULL;
	for (size_t i = 0; i < n; i++) {
		if (which && strcmp(which, kinds[i].word) == 0) {
			list_kind(&kinds[i], false);
			return 0;
		}
	}
	if (which)
		tess_usage_error(cmd,
				 "unknown kind '%s' (apps, libs, drivers or "
				 "plats)",
				 which);
	for (size_t i = 0; i < n; i++)
		list_kind(&kinds[i], true);
	return 0;
}
