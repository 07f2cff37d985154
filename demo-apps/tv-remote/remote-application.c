/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */


#include <string.h>
#include <glib/gi18n.h>

#include "remote-application.h"
#include "remote-window.h"
#include "tv-protocol.h"

/*
 * The remote control of the TV-remote demo: its connection to the TV is a
 * MigChannel ("tv") that moves with it, key presses go as datagrams on
 * it, and the "now playing" line comes back on it.  It checks that every
 * update arrives once and in order, through every move; with
 * MIGUI_TV_BULK it also streams bytes both ways on a second channel
 * ("bulk") and checks each one.  What it saw is written to
 * $XDG_RUNTIME_DIR/migui-tv-remote.status for the test bed.
 *
 * Nothing is buffered outside the channels but the one unfinished line,
 * which moves in the suitcase: a GDataInputStream would keep bytes the
 * channel already gave away.
 */

struct _RemoteApplication
{
  MigApplication parent_instance;

  MigChannel *tv;
  MigChannel *bulk;
  GString *line;
  guint8 buf[4096];
  guint8 *bulk_buf;
  guint8 *bulk_out;
  gboolean bulk_writing;

  char *now_playing;
  guint64 last_seq;
  guint64 gaps;
  guint64 doubles;
  guint64 keys;
  guint64 bulk_total;
  guint64 bulk_sent;
  guint64 bulk_received;
  guint64 bulk_errors;
  gint64 last_line;            /* monotonic µs of the last "now playing" (the same clock on every process here) */
  gint64 silence;              /* the longest wait between two of them since the last restore */
  guint status_source;
};

enum
{
  PROP_0,
  PROP_NOW_PLAYING,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RemoteApplication, remote_application, MIG_TYPE_APPLICATION)

static gboolean
write_status_cb (gpointer user_data)
{
  RemoteApplication *self = user_data;
  g_autofree char *path = g_build_filename (g_get_user_runtime_dir (), "migui-tv-remote.status", NULL);
  g_autofree char *text = NULL;

  self->status_source = 0;
  text = g_strdup_printf ("now-playing=%" G_GUINT64_FORMAT "\ngaps=%" G_GUINT64_FORMAT "\ndoubles=%"
                          G_GUINT64_FORMAT "\nkeys-sent=%" G_GUINT64_FORMAT "\nbulk-sent=%" G_GUINT64_FORMAT
                          "\nbulk-received=%" G_GUINT64_FORMAT "\nbulk-errors=%" G_GUINT64_FORMAT
                          "\nsilence-ms=%.1f\nconnected=%s\n",
                          self->last_seq, self->gaps, self->doubles, self->keys, self->bulk_sent,
                          self->bulk_received, self->bulk_errors, self->silence / 1000.0,
                          remote_application_get_connected (self) ? "yes" : "no");
  g_file_set_contents (path, text, -1, NULL);
  return G_SOURCE_REMOVE;
}

static void
status_changed (RemoteApplication *self)
{
  if (self->status_source == 0)
    self->status_source = g_timeout_add (50, write_status_cb, self);
}

static void
handle_line (RemoteApplication *self,
             const char        *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 5);
  guint64 seq;

  if (g_strv_length (words) < 5 || strcmp (words[0], "now") != 0 ||
      !g_ascii_string_to_unsigned (words[1], 10, 1, G_MAXUINT64, &seq, NULL))
    return;
  if (self->last_line != 0)
    self->silence = MAX (self->silence, g_get_monotonic_time () - self->last_line);
  self->last_line = g_get_monotonic_time ();
  if (self->last_seq != 0 && seq <= self->last_seq)
    {
      g_message ("“Now playing” %" G_GUINT64_FORMAT " came again (the last was %" G_GUINT64_FORMAT ")",
                 seq, self->last_seq);
      self->doubles++;
    }
  else
    {
      if (self->last_seq != 0 && seq > self->last_seq + 1)
        {
          g_message ("“Now playing” %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT " did not come",
                     self->last_seq + 1, seq - 1);
          self->gaps += seq - self->last_seq - 1;
        }
      self->last_seq = seq;
    }
  g_free (self->now_playing);
  self->now_playing = g_strdup_printf (_("Channel %u: %s"), (guint) g_ascii_strtoull (words[2], NULL, 10) + 1,
                                       words[4]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW_PLAYING]);
  status_changed (self);
}

static void read_tv (RemoteApplication *self);

static void
tv_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RemoteApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n <= 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("The TV's channel ended: %s", n == 0 ? "closed" : error->message);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
          status_changed (self);
        }
      g_application_release (G_APPLICATION (self));
      return;
    }
  for (gssize i = 0; i < n; i++)
    {
      if (self->buf[i] == '\n')
        {
          handle_line (self, self->line->str);
          g_string_truncate (self->line, 0);
        }
      else if (self->line->len < 512)
        g_string_append_c (self->line, self->buf[i]);
    }
  read_tv (self);
  g_application_release (G_APPLICATION (self));
}

static void
read_tv (RemoteApplication *self)
{
  g_application_hold (G_APPLICATION (self));
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (self->tv)), self->buf, sizeof self->buf,
                             G_PRIORITY_DEFAULT, NULL, tv_read_cb, self);
}

static void read_bulk (RemoteApplication *self);
static void write_bulk (RemoteApplication *self);

static void
bulk_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RemoteApplication *self = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n > 0)
    {
      for (gssize i = 0; i < n; i++)
        if (self->bulk_buf[i] != tv_bulk_byte (self->bulk_received + i))
          self->bulk_errors++;
      self->bulk_received += n;
      status_changed (self);
      read_bulk (self);
    }
  g_application_release (G_APPLICATION (self));
}

static void
read_bulk (RemoteApplication *self)
{
  if (self->bulk_buf == NULL)
    self->bulk_buf = g_malloc (64 * 1024);
  g_application_hold (G_APPLICATION (self));
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (self->bulk)), self->bulk_buf, 64 * 1024,
                             G_PRIORITY_DEFAULT, NULL, bulk_read_cb, self);
}

static void
bulk_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RemoteApplication *self = user_data;
  gssize n = g_output_stream_write_finish (G_OUTPUT_STREAM (source), result, NULL);

  self->bulk_writing = FALSE;
  if (n > 0)
    {
      self->bulk_sent += n;
      status_changed (self);
      write_bulk (self);
    }
  g_application_release (G_APPLICATION (self));
}

static void
write_bulk (RemoteApplication *self)
{
  gsize n = MIN (64 * 1024, self->bulk_total - self->bulk_sent);

  if (n == 0 || self->bulk_writing)
    return;
  if (self->bulk_out == NULL)
    self->bulk_out = g_malloc (64 * 1024);
  for (gsize i = 0; i < n; i++)
    self->bulk_out[i] = tv_bulk_byte (self->bulk_sent + i);
  self->bulk_writing = TRUE;
  g_application_hold (G_APPLICATION (self));
  g_output_stream_write_async (g_io_stream_get_output_stream (G_IO_STREAM (self->bulk)), self->bulk_out, n,
                               G_PRIORITY_DEFAULT, NULL, bulk_written_cb, self);
}

static void
state_changed_cb (RemoteApplication *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  status_changed (self);
}

/* Starts using the channels the application has (made here, or arrived),
 * each once. */
static void
use_channels (RemoteApplication *self)
{
  MigApplication *app = MIG_APPLICATION (self);
  MigChannel *tv = mig_application_lookup_channel (app, "tv");
  MigChannel *bulk = mig_application_lookup_channel (app, "bulk");

  if (tv != NULL && tv != self->tv)
    {
      g_set_object (&self->tv, tv);
      g_signal_connect_object (self->tv, "notify::state", G_CALLBACK (state_changed_cb), self,
                               G_CONNECT_SWAPPED);
      read_tv (self);
    }
  if (bulk != NULL && bulk != self->bulk)
    {
      g_set_object (&self->bulk, bulk);
      read_bulk (self);
      write_bulk (self);
    }
  state_changed_cb (self);
}

typedef struct
{
  RemoteApplication *self;
  char *name;
} Connecting;

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Connecting *connecting = user_data;
  RemoteApplication *self = connecting->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(MigChannel) channel = mig_channel_connect_finish (result, &error);

  if (channel == NULL)
    g_warning ("Could not connect to the TV: %s", error->message);
  else
    {
      g_autofree char *hello = g_strdup_printf ("%s\n", connecting->name);

      /* The first line says which channel it is. */
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (channel)), hello, strlen (hello),
                                 NULL, NULL, NULL);
      mig_application_add_channel (MIG_APPLICATION (self), connecting->name, channel);
      use_channels (self);
    }
  g_application_release (G_APPLICATION (self));
  g_free (connecting->name);
  g_free (connecting);
}

static void
connect_channel (RemoteApplication *self,
                 const char        *name)
{
  const char *tv = g_getenv ("MIGUI_TV");
  g_autofree char *host = NULL;
  guint64 port = TV_DEFAULT_PORT;
  const char *colon;
  Connecting *connecting = g_new0 (Connecting, 1);

  if (tv == NULL || *tv == '\0')
    tv = "127.0.0.1";
  colon = strrchr (tv, ':');
  if (colon != NULL && g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
    host = g_strndup (tv, colon - tv);
  else
    host = g_strdup (tv);
  connecting->self = self;
  connecting->name = g_strdup (name);
  g_application_hold (G_APPLICATION (self));
  /* Over TLS: what the remote and the TV say stays between them. */
  mig_channel_connect_async (host, port, MIG_CHANNEL_FLAGS_TLS, NULL, connected_cb, connecting);
}

static void
remote_application_activate (GApplication *app)
{
  RemoteApplication *self = REMOTE_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = g_object_new (REMOTE_TYPE_WINDOW, "application", app, NULL);
  gtk_window_present (window);
  if (mig_application_lookup_channel (MIG_APPLICATION (self), "tv") == NULL)
    {
      connect_channel (self, "tv");
      if (self->bulk_total > 0)
        connect_channel (self, "bulk");
    }
}

static void
key_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  remote_application_press (user_data, g_variant_get_string (parameter, NULL));
}

static void
select_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (user_data);

  /* Through the guide, so that it shows the choice. */
  if (REMOTE_IS_WINDOW (window))
    remote_window_select (REMOTE_WINDOW (window), g_variant_get_uint32 (parameter));
  else
    remote_application_select (user_data, g_variant_get_uint32 (parameter));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (user_data);
}

static void
remote_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "key", key_activated, "s" },
    { "select", select_activated, "u" },
    { "quit", quit_activated },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (remote_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
remote_application_save_state (MigApplication *app,
                               GVariantDict   *dict)
{
  RemoteApplication *self = REMOTE_APPLICATION (app);

  g_variant_dict_insert (dict, "line", "s", self->line->str);
  g_variant_dict_insert (dict, "now-playing", "s", self->now_playing != NULL ? self->now_playing : "");
  g_variant_dict_insert (dict, "last-seq", "t", self->last_seq);
  g_variant_dict_insert (dict, "gaps", "t", self->gaps);
  g_variant_dict_insert (dict, "doubles", "t", self->doubles);
  g_variant_dict_insert (dict, "keys", "t", self->keys);
  g_variant_dict_insert (dict, "bulk-total", "t", self->bulk_total);
  g_variant_dict_insert (dict, "bulk-sent", "t", self->bulk_sent);
  g_variant_dict_insert (dict, "bulk-received", "t", self->bulk_received);
  g_variant_dict_insert (dict, "bulk-errors", "t", self->bulk_errors);
  g_variant_dict_insert (dict, "last-line", "x", self->last_line);
}

static void
remote_application_restore_state (MigApplication *app,
                                  GVariant       *state)
{
  RemoteApplication *self = REMOTE_APPLICATION (app);
  const char *text;

  if (g_variant_lookup (state, "line", "&s", &text))
    g_string_assign (self->line, text);

  if (g_variant_lookup (state, "now-playing", "&s", &text) && *text != '\0')
    {
      g_free (self->now_playing);
      self->now_playing = g_strdup (text);
    }
  g_variant_lookup (state, "last-seq", "t", &self->last_seq);
  g_variant_lookup (state, "gaps", "t", &self->gaps);
  g_variant_lookup (state, "doubles", "t", &self->doubles);
  g_variant_lookup (state, "keys", "t", &self->keys);
  g_variant_lookup (state, "bulk-total", "t", &self->bulk_total);
  g_variant_lookup (state, "bulk-sent", "t", &self->bulk_sent);
  g_variant_lookup (state, "bulk-received", "t", &self->bulk_received);
  g_variant_lookup (state, "bulk-errors", "t", &self->bulk_errors);
  g_variant_lookup (state, "last-line", "x", &self->last_line);
  self->silence = 0;
  /* The channels arrived with the application.  A clone, a file or crash
   * recovery brings none: connect again, as a new remote. */
  if (mig_application_lookup_channel (app, "tv") == NULL)
    {
      self->last_seq = 0;
      self->bulk_sent = self->bulk_received = 0;
      connect_channel (self, "tv");
      if (self->bulk_total > 0)
        connect_channel (self, "bulk");
    }
  else
    use_channels (self);
}

static void
remote_application_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RemoteApplication *self = REMOTE_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_NOW_PLAYING:
      g_value_set_string (value, remote_application_get_now_playing (self));
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, remote_application_get_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
remote_application_finalize (GObject *object)
{
  RemoteApplication *self = REMOTE_APPLICATION (object);

  g_clear_handle_id (&self->status_source, g_source_remove);
  g_clear_object (&self->tv);
  g_clear_object (&self->bulk);
  g_string_free (self->line, TRUE);
  g_free (self->bulk_buf);
  g_free (self->bulk_out);
  g_free (self->now_playing);
  G_OBJECT_CLASS (remote_application_parent_class)->finalize (object);
}

static void
remote_application_class_init (RemoteApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  MigApplicationClass *mig_class = MIG_APPLICATION_CLASS (klass);

  object_class->get_property = remote_application_get_property;
  object_class->finalize = remote_application_finalize;
  app_class->activate = remote_application_activate;
  app_class->startup = remote_application_startup;
  mig_class->save_state = remote_application_save_state;
  mig_class->restore_state = remote_application_restore_state;

  properties[PROP_NOW_PLAYING] =
    g_param_spec_string ("now-playing", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
remote_application_init (RemoteApplication *self)
{
  const char *bulk = g_getenv ("MIGUI_TV_BULK");

  self->line = g_string_new (NULL);
  if (bulk != NULL)
    self->bulk_total = g_ascii_strtoull (bulk, NULL, 10);
  mig_application_register_window_type (MIG_APPLICATION (self), REMOTE_TYPE_WINDOW);
}

RemoteApplication *
remote_application_new (void)
{
  return g_object_new (REMOTE_TYPE_APPLICATION,
                       "application-id", "org.migui.TvRemote",
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "app-version", PACKAGE_VERSION,
                       NULL);
}

const char *
remote_application_get_now_playing (RemoteApplication *self)
{
  return self->now_playing != NULL ? self->now_playing : _("Waiting for the TV…");
}

gboolean
remote_application_get_connected (RemoteApplication *self)
{
  return self->tv != NULL && mig_channel_get_state (self->tv) == MIG_CHANNEL_STATE_CONNECTED;
}

void
remote_application_select (RemoteApplication *self,
                           guint              programme)
{
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  if (self->tv == NULL || programme >= TV_N_PROGRAMMES)
    return;
  line = g_strdup_printf ("select %u\n", programme);
  /* Into the channel's buffer at once (see migui-tv.c). */
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (self->tv)), line, strlen (line),
                                  NULL, NULL, &error))
    g_message ("The programme was not sent: %s", error->message);
}

void
remote_application_press (RemoteApplication *self,
                          const char        *key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) payload = NULL;

  if (self->tv == NULL)
    return;
  text = g_strdup_printf ("key %" G_GUINT64_FORMAT " %s", self->keys + 1, key);
  payload = g_bytes_new (text, strlen (text));
  if (!mig_channel_send_datagram (self->tv, payload, &error))
    {
      g_message ("The key press was not sent: %s", error->message);
      return;
    }
  self->keys++;
  status_changed (self);
}
