/* SPDX-License-Identifier: BSD-3-Clause */
/* tess build and tess configure: the top Makefile for one application. */
#include <stdio.h>

#include "tess.h"

/* What both take: APP [--plat P] [--conf C], checked. */
struct app_target {
	const char *plat, *conf;
	struct tess_app app;
};

static void app_target_parse(const struct tess_cmd *cmd, int argc, char **argv,
			     struct app_target *t)
{
	const struct tess_opt opts[] = {
		{"--plat", &t->plat, NULL},
		{"--conf", &t->conf, NULL},
		{NULL},
	};
	struct tess_args args;

	t->plat = "kvm"; /* the platform images are for, as tess run's */
	t->conf = NULL;
	tess_args_parse(cmd, argc, argv, opts, 1, false, &args);
	if (args.npositional == 0)
		tess_usage_error(cmd, "no application given");
	if (tess_app_find(args.positional[0], &t->app) < 0)
		tess_app_not_found(cmd, args.positional[0], false);
	tess_plat_check(cmd, t->plat);
}

int tess_build(const struct tess_cmd *cmd, int argc, char **argv)
{
	char image[TESS_PATH_MAX], shown[TESS_PATH_MAX];
	struct app_target t;

	app_target_parse(cmd, argc, argv, &t);
	tess_app_make(cmd, &t.app, t.plat, t.conf, NULL, false);
	tess_app_image(&t.app, t.plat, t.conf, image, sizeof(image));
	if (!tess_is_file(image))
		tess_fail(cmd, TESS_EXIT_BUILD_FAILED,
			  "make succeeded but there is no image %s", image);
	/* Last, alone on its line: scripts take it with tail -n 1. */
	printf("%s\n", tess_path_show(image, shown, sizeof(shown)));
	return 0;
}

int tess_configure(const struct tess_cmd *cmd, int argc, char **argv)
{
	struct app_target t;

	app_target_parse(cmd, argc, argv, &t);
	return tess_app_make(cmd, &t.app, t.plat, t.conf, "menuconfig", false);
}
