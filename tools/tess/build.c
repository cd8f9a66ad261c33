/* SPDX-License-Identifier: BSD-3-Clause */
/* tess build and tess configure: the top Makefile for one application. */
#include <stdio.h>

#include "tess.h"

int tess_build(const struct tess_cmd *cmd, int argc, char **argv)
{
	const char *plat = "linuxu", *conf = NULL;
	const struct tess_opt opts[] = {
		{"--plat", &plat, NULL},
		{"--conf", &conf, NULL},
		{NULL},
	};
	char image[TESS_PATH_MAX], shown[TESS_PATH_MAX];
	struct tess_args args;
	struct tess_app app;

	tess_args_parse(cmd, argc, argv, opts, 1, false, &args);
	if (args.npositional == 0)
		tess_usage_error(cmd, "no application given");
	if (tess_app_find(args.positional[0], &app) < 0)
		tess_app_not_found(cmd, args.positional[0]);
	tess_plat_check(cmd, plat);
	tess_app_make(cmd, &app, plat, conf, NULL, false);
	tess_app_image(&app, plat, conf, image, sizeof(image));
	if (!tess_is_file(image))
		tess_fail(cmd, TESS_EXIT_BUILD_FAILED,
			  "make succeeded but there is no image %s", image);
	/* Last, alone on its line: scripts take it with tail -n 1. */
	printf("%s\n", tess_path_show(image, shown, sizeof(shown)));
	return 0;
}

int tess_configure(const struct tess_cmd *cmd, int argc, char **argv)
{
	const char *plat = "linuxu", *conf = NULL;
	const struct tess_opt opts[] = {
		{"--plat", &plat, NULL},
		{"--conf", &conf, NULL},
		{NULL},
	};
	struct tess_args args;
	struct tess_app app;

	tess_args_parse(cmd, argc, argv, opts, 1, false, &args);
	if (args.npositional == 0)
		tess_usage_error(cmd, "no application given");
	if (tess_app_find(args.positional[0], &app) < 0)
		tess_app_not_found(cmd, args.positional[0]);
	tess_plat_check(cmd, plat);
	return tess_app_make(cmd, &app, plat, conf, "menuconfig", false);
}
