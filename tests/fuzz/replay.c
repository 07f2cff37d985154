/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib.h>

/* Runs a fuzz target over every file of its corpus folders, without
 * libFuzzer, so that the seeds are checked in every ordinary test run. */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      g_assert (dir != NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          g_autofree char *contents = NULL;
          gsize length;

          g_assert (g_file_get_contents (path, &contents, &length, NULL));
          LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
          n++;
        }
    }
  g_print ("1..1\nok 1 - %u corpus inputs replayed\n", n);
  return n > 0 ? 0 : 1;
}
