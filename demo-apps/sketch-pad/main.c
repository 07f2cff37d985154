/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <glib/gi18n.h>

#include "sketch-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SketchApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = sketch_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
