/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mig-enums.h"
#include "mig-paths-private.h"

/* Where this device keeps what libmigui writes: its identity, paired
 * devices and policy (config), the trees its shell receives (runtime), and
 * each application's recovery checkpoint and outgoing journal (state). */

char *
mig_default_config_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "migui", NULL);
}

/* The folder where a shell puts the trees it receives, and where an
 * application recognises them. */
char *
mig_incoming_dir (void)
{
  return g_build_filename (g_get_user_runtime_dir (), "migui", "incoming", NULL);
}

/* An application's own state folder: recovery checkpoint, outgoing
 * journal. */
char *
mig_app_state_dir (const char *app_id)
{
  return g_build_filename (g_get_user_state_dir (), "migui", app_id, NULL);
}

/* Writes @contents to @path readable by the owner only, atomically; when
 * another process made the file first, its version wins. */
gboolean
mig_write_private_file (const char  *path,
                    const char  *contents,
                    GError     **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX", path);
  int fd = g_mkstemp_full (tmp, O_WRONLY, 0600);
  gsize len = strlen (contents);

  if (fd < 0)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("Could not write %s: %s"),
                   path, g_strerror (errno));
      return FALSE;
    }
  if (write (fd, contents, len) != (gssize) len || fsync (fd) != 0)
    {
      int saved = errno;
      close (fd);
      g_unlink (tmp);
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("Could not write %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  if (link (tmp, path) != 0 && errno != EEXIST)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("Could not write %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  g_unlink (tmp);
  return TRUE;
}
