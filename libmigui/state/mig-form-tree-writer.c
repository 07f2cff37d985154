/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include "mig-form-tree-private.h"
#include "mig-form-tree-writer-private.h"
#include "mig-state-private.h"

/* See docs/form-tree.md for the format this writes. */

static void
write_profile (MigJsonWriter    *w,
               MigDeviceProfile *profile)
{
  mig_json_writer_begin_object (w);
  mig_json_writer_key (w, "form-factor");
  mig_json_writer_string (w,
                          mig_form_factor_to_string (mig_device_profile_get_form_factor (profile)));
  mig_json_writer_key (w, "width");
  mig_json_writer_int (w, mig_device_profile_get_width (profile));
  mig_json_writer_key (w, "height");
  mig_json_writer_int (w, mig_device_profile_get_height (profile));
  mig_json_writer_key (w, "scale");
  mig_json_writer_int (w, mig_device_profile_get_scale (profile));
  mig_json_writer_key (w, "touch");
  mig_json_writer_bool (w, mig_device_profile_get_touch (profile));
  mig_json_writer_end_object (w);
}

static void
write_string_member (MigJsonWriter *w,
                     const char    *key,
                     const char    *value)
{
  mig_json_writer_key (w, key);
  mig_json_writer_string (w, value != NULL ? value : "");
}

static void
write_origin (MigJsonWriter           *w,
              const MigFormTreeHeader *header)
{
  mig_json_writer_key (w, "origin");
  mig_json_writer_begin_object (w);
  write_string_member (w, "device", header->device_id);
  write_string_member (w, "name", header->device_name);
  if (header->profile != NULL)
    {
      mig_json_writer_key (w, "profile");
      write_profile (w, header->profile);
    }
  mig_json_writer_end_object (w);
}

void
mig_form_tree_writer_init (MigFormTreeWriter       *writer,
                           const MigFormTreeHeader *header)
{
  MigJsonWriter *w = &writer->json;

  g_assert (header->app_id != NULL);

  writer->out = g_string_sized_new (4096);
  writer->reason = header->reason;
  writer->n_windows = 0;
  writer->n_widgets = 0;
  mig_json_writer_init (w, writer->out);
  mig_json_writer_begin_object (w);
  write_string_member (w, "format", "migui-form-tree");
  mig_json_writer_key (w, "version");
  mig_json_writer_int (w, MIG_FORM_TREE_FORMAT_VERSION);

  mig_json_writer_key (w, "app");
  mig_json_writer_begin_object (w);
  write_string_member (w, "id", header->app_id);
  if (header->app_version != NULL)
    write_string_member (w, "version", header->app_version);
  mig_json_writer_end_object (w);
  write_string_member (w, "reason", mig_restore_reason_to_string (header->reason));
  write_origin (w, header);

  if (header->timestamp)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *created = g_date_time_format_iso8601 (now);

      write_string_member (w, "created", created);
    }
}

/* "suitcase" at the top, "state" in a window: a GVariant with its type. */
void
mig_form_tree_writer_state (MigFormTreeWriter *writer,
                            const char        *key,
                            GVariant          *state)
{
  mig_props_set_node (&writer->json, key, mig_state_variant_to_json (state));
}

void
mig_form_tree_writer_begin_windows (MigFormTreeWriter *writer)
{
  mig_json_writer_key (&writer->json, "windows");
  mig_json_writer_begin_array (&writer->json);
}

/* @transient_for: the index of an earlier window this one belongs to, or
 * -1. */
void
mig_form_tree_writer_begin_window (MigFormTreeWriter *writer,
                                   const char        *type_name,
                                   guint              index,
                                   int                transient_for)
{
  MigJsonWriter *w = &writer->json;

  mig_json_writer_begin_object (w);
  write_string_member (w, "type", type_name);
  mig_json_writer_key (w, "index");
  mig_json_writer_int (w, index);
  if (transient_for >= 0)
    {
      mig_json_writer_key (w, "transient-for");
      mig_json_writer_int (w, transient_for);
    }
}

MigJsonWriter *
mig_form_tree_writer_get_json (MigFormTreeWriter *writer)
{
  return &writer->json;
}

/* Widgets written into the current window add themselves here. */
guint *
mig_form_tree_writer_get_widget_count (MigFormTreeWriter *writer)
{
  return &writer->n_widgets;
}

void
mig_form_tree_writer_end_window (MigFormTreeWriter *writer)
{
  mig_json_writer_end_object (&writer->json);
  writer->n_windows++;
}

/* Ends the windows and the tree; the tree takes the text, or frees it if
 * a limit is exceeded. */
MigFormTree *
mig_form_tree_writer_finish (MigFormTreeWriter  *writer,
                             GError            **error)
{
  mig_json_writer_end_array (&writer->json);
  mig_json_writer_end_object (&writer->json);
  return mig_form_tree_new_take_text (g_steal_pointer (&writer->out), writer->reason,
                                      writer->n_windows, writer->n_widgets, error);
}
