/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mig-enums.h"
#include "mig-trust-store-private.h"

/*
 * The devices this one is paired with: the `paired-devices` key file of
 * the config folder, a group per device ID with its name, the SHA-256
 * fingerprint of its certificate and the date of pairing.  The fingerprint
 * is what counts; the ID and name only help people and catch a known
 * device whose certificate changed.  The file is read at each use, so the
 * shell and the applications of a device always agree, and written
 * atomically with mode 0600 by whoever pairs.
 */

#define PAIRED_DEVICES_FILE "paired-devices"
#define MAX_PAIRED_DEVICES  256

void
mig_paired_device_free (MigPairedDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->id);
  g_free (device->name);
  g_free (device->fingerprint);
  g_free (device->paired);
  g_free (device);
}

static gboolean
is_fingerprint (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

static GKeyFile *
load (const char *config_dir)
{
  g_autofree char *path = g_build_filename (config_dir, PAIRED_DEVICES_FILE, NULL);
  GKeyFile *file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, &error) &&
      !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_warning ("Ignoring %s, which cannot be read: %s", path, error->message);
  return file;
}

/* The record of group @id, or NULL when it is not a usable one: a file
 * edited by hand must not make a device trusted by accident. */
static MigPairedDevice *
read_device (GKeyFile   *file,
             const char *id)
{
  g_autofree char *fingerprint = g_key_file_get_string (file, id, "fingerprint", NULL);
  MigPairedDevice *device;

  if (!is_fingerprint (fingerprint))
    return NULL;
  device = g_new0 (MigPairedDevice, 1);
  device->id = g_strdup (id);
  device->fingerprint = g_ascii_strdown (fingerprint, -1);
  device->name = g_key_file_get_string (file, id, "name", NULL);
  if (device->name == NULL || !g_utf8_validate (device->name, -1, NULL))
    {
      g_free (device->name);
      device->name = g_strdup (id);
    }
  device->paired = g_key_file_get_string (file, id, "paired", NULL);
  return device;
}

static GPtrArray *
list_devices (GKeyFile *file)
{
  g_auto(GStrv) groups = g_key_file_get_groups (file, NULL);
  GPtrArray *devices = g_ptr_array_new_with_free_func ((GDestroyNotify) mig_paired_device_free);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      MigPairedDevice *device = read_device (file, groups[i]);

      if (device != NULL)
        g_ptr_array_add (devices, device);
    }
  return devices;
}

/* All paired devices, in the order they were paired. */
GPtrArray *
mig_trust_store_list (const char *config_dir)
{
  g_autoptr(GKeyFile) file = load (config_dir);

  return list_devices (file);
}

MigPairedDevice *
mig_trust_store_lookup_by_fingerprint (const char *config_dir,
                                       const char *fingerprint)
{
  g_autoptr(GPtrArray) devices = NULL;

  if (fingerprint == NULL)
    return NULL;
  devices = mig_trust_store_list (config_dir);
  for (guint i = 0; i < devices->len; i++)
    {
      MigPairedDevice *device = g_ptr_array_index (devices, i);

      if (g_ascii_strcasecmp (device->fingerprint, fingerprint) == 0)
        return g_ptr_array_steal_index (devices, i);
    }
  return NULL;
}

MigPairedDevice *
mig_trust_store_lookup_by_id (const char *config_dir,
                              const char *device_id)
{
  g_autoptr(GKeyFile) file = NULL;

  if (device_id == NULL)
    return NULL;
  file = load (config_dir);
  return g_key_file_has_group (file, device_id) ? read_device (file, device_id) : NULL;
}

/* A paired device by ID, name (if only one has it) or fingerprint, for
 * people and scripts naming one. */
MigPairedDevice *
mig_trust_store_find (const char *config_dir,
                      const char *id_name_or_fingerprint)
{
  g_autoptr(GPtrArray) devices = mig_trust_store_list (config_dir);
  const char *what = id_name_or_fingerprint;
  int by_name = -1;

  for (guint i = 0; i < devices->len; i++)
    {
      MigPairedDevice *device = g_ptr_array_index (devices, i);

      if (strcmp (device->id, what) == 0 || g_ascii_strcasecmp (device->fingerprint, what) == 0)
        return g_ptr_array_steal_index (devices, i);
      if (strcmp (device->name, what) == 0)
        by_name = by_name == -1 ? (int) i : -2;
    }
  return by_name >= 0 ? g_ptr_array_steal_index (devices, by_name) : NULL;
}

static gboolean
save (const char  *config_dir,
      GKeyFile    *file,
      GError     **error)
{
  g_autofree char *path = g_build_filename (config_dir, PAIRED_DEVICES_FILE, NULL);
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (config_dir, 0700) != 0)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("Could not make the folder %s: %s"),
                   config_dir, g_strerror (errno));
      return FALSE;
    }
  data = g_key_file_to_data (file, &length, NULL);
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("Could not save the paired devices: %s"),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Records a pairing; a device paired again (a new certificate, a new
 * name) replaces its old record, and so does another ID that had the same
 * certificate. */
gboolean
mig_trust_store_add (const char  *config_dir,
                     const char  *device_id,
                     const char  *name,
                     const char  *fingerprint,
                     GError     **error)
{
  g_autoptr(GKeyFile) file = load (config_dir);
  g_autoptr(GPtrArray) devices = list_devices (file);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format_iso8601 (now);
  g_autofree char *lower = NULL;

  g_return_val_if_fail (device_id != NULL && *device_id != '\0', FALSE);
  g_return_val_if_fail (is_fingerprint (fingerprint), FALSE);

  lower = g_ascii_strdown (fingerprint, -1);
  for (guint i = 0; i < devices->len; i++)
    {
      MigPairedDevice *device = g_ptr_array_index (devices, i);

      if (strcmp (device->fingerprint, lower) == 0 && strcmp (device->id, device_id) != 0)
        g_key_file_remove_group (file, device->id, NULL);
    }
  if (!g_key_file_has_group (file, device_id) && devices->len >= MAX_PAIRED_DEVICES)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED,
                   _("This device is already paired with %d devices; unpair some first"), MAX_PAIRED_DEVICES);
      return FALSE;
    }
  g_key_file_remove_group (file, device_id, NULL);
  g_key_file_set_string (file, device_id, "name", name != NULL && g_utf8_validate (name, -1, NULL) ? name : device_id);
  g_key_file_set_string (file, device_id, "fingerprint", lower);
  g_key_file_set_string (file, device_id, "paired", date);
  return save (config_dir, file, error);
}

gboolean
mig_trust_store_remove (const char  *config_dir,
                        const char  *device_id,
                        GError     **error)
{
  g_autoptr(GKeyFile) file = load (config_dir);

  if (!g_key_file_remove_group (file, device_id, NULL))
    return TRUE;
  return save (config_dir, file, error);
}
