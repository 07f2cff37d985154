/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "mig-device-id-private.h"
#include "mig-paths-private.h"

/* The device's ID: a random UUID made once and kept in the config folder
 * (owner only, written atomically; when two processes make it at once,
 * the first one's wins and both read it back). */
char *
mig_device_id_load (const char  *dir,
                    GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "device-id", NULL);
  g_autofree char *id = NULL;

  if (g_file_get_contents (path, &id, NULL, NULL))
    {
      g_strstrip (id);
      if (g_uuid_string_is_valid (id))
        return g_steal_pointer (&id);
      g_clear_pointer (&id, g_free);
    }

  id = g_uuid_string_random ();
  if (!mig_write_private_file (path, id, error))
    return NULL;
  /* Another process may have won the race: read back what is there. */
  g_clear_pointer (&id, g_free);
  if (!g_file_get_contents (path, &id, NULL, error))
    return NULL;
  g_strstrip (id);
  return g_steal_pointer (&id);
}

/* The ID of the device this process runs on, read once for the default
 * config folder (checkpoints are taken every few seconds for recovery);
 * read again only if XDG_CONFIG_HOME changes.  NULL, with a warning, if
 * it can be neither read nor made. */
const char *
mig_device_id_get (void)
{
  static char *cached_id;
  static char *cached_dir;
  g_autofree char *dir = mig_default_config_dir ();
  g_autoptr(GError) error = NULL;
  char *id;

  if (cached_id != NULL && g_strcmp0 (cached_dir, dir) == 0)
    return cached_id;
  if (g_mkdir_with_parents (dir, 0700) != 0 || (id = mig_device_id_load (dir, &error)) == NULL)
    {
      g_warning ("Could not read or make this device’s ID in %s: %s", dir,
                 error != NULL ? error->message : g_strerror (errno));
      return cached_id;
    }
  g_free (cached_id);
  g_free (cached_dir);
  cached_id = id;
  cached_dir = g_steal_pointer (&dir);
  return cached_id;
}
