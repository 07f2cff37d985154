/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */


#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include <migui.h>

#include "tv-protocol.h"

/*
 * migui-tv: the TV of the TV-remote demo (the home-network scenario).  It
 * shows the channel, the programme guide and the volume, takes remotes
 * on a MigChannelListener, sends each a "now playing" line every interval
 * and obeys their key presses.  Remotes move from device to device with
 * their connections; the TV stays.  With --status FILE it writes what it
 * received (for the test bed).
 */

typedef struct
{
  MigChannel *channel;
  GString *line;
  guint8 buf[4096];
  gboolean bulk;
  gboolean control;        /* said "tv": it gets "now playing" */
  guint64 bulk_sent;
  guint64 bulk_received;
  guint64 bulk_errors;
  guint8 *bulk_out;
  gboolean bulk_writing;
} Remote;

static struct
{
  GtkApplication *app;
  MigChannelListener *listener;
  GPtrArray *remotes;
  guint16 port;
  guint interval;
  guint64 bulk;
  char *status;
  guint channel;
  guint volume;
  guint64 seq;
  GString *keys;           /* the numbers of the key presses received */
  guint n_keys;
  GtkWidget *channel_label;
  GtkWidget *title_label;
  GtkWidget *volume_bar;
  GtkWidget *guide;
  guint status_source;
} tv;

static void
update_ui (void)
{
  g_autofree char *number = g_strdup_printf ("%u", tv.channel + 1);

  if (tv.channel_label == NULL)
    return;
  gtk_label_set_label (GTK_LABEL (tv.channel_label), number);
  gtk_label_set_label (GTK_LABEL (tv.title_label), tv_programme (tv.channel));
  gtk_level_bar_set_value (GTK_LEVEL_BAR (tv.volume_bar), tv.volume);
  gtk_list_box_select_row (GTK_LIST_BOX (tv.guide),
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (tv.guide), tv.channel));
}

static gboolean
write_status_cb (gpointer user_data)
{
  g_autoptr(GString) text = g_string_new (NULL);

  tv.status_source = 0;
  g_string_append_printf (text, "channel=%u\nvolume=%u\nnow-playing=%" G_GUINT64_FORMAT "\nremotes=%u\n",
                          tv.channel, tv.volume, tv.seq, tv.remotes->len);
  g_string_append_printf (text, "keys=%s\nkeys-received=%u\n", tv.keys->str, tv.n_keys);
  for (guint i = 0; i < tv.remotes->len; i++)
    {
      Remote *remote = tv.remotes->pdata[i];

      if (remote->bulk)
        g_string_append_printf (text, "bulk-sent=%" G_GUINT64_FORMAT "\nbulk-received=%" G_GUINT64_FORMAT
                                "\nbulk-errors=%" G_GUINT64_FORMAT "\n",
                                remote->bulk_sent, remote->bulk_received, remote->bulk_errors);
    }
  if (tv.status != NULL)
    g_file_set_contents (tv.status, text->str, text->len, NULL);
  return G_SOURCE_REMOVE;
}

static void
status_changed (void)
{
  if (tv.status != NULL && tv.status_source == 0)
    tv.status_source = g_timeout_add (50, write_status_cb, NULL);
}

static void
send_line (Remote     *remote,
           const char *line)
{
  g_autoptr(GError) error = NULL;

  /* A channel's synchronous write never blocks: it takes the line into
   * its buffer, which keeps it until the remote has it, wherever it is.
   * (Asynchronous writes would have to wait for each other: a stream
   * takes one at a time.) */
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (remote->channel)), line,
                                  strlen (line), NULL, NULL, &error))
    g_message ("A “now playing” line was not sent: %s", error->message);
}

static gboolean
now_playing_cb (gpointer user_data)
{
  g_autofree char *line = NULL;

  tv.seq++;
  line = g_strdup_printf ("now %" G_GUINT64_FORMAT " %u %u %s\n", tv.seq, tv.channel, tv.volume,
                          tv_programme (tv.channel));
  for (guint i = 0; i < tv.remotes->len; i++)
    {
      Remote *remote = tv.remotes->pdata[i];

      if (remote->control && mig_channel_get_state (remote->channel) != MIG_CHANNEL_STATE_FAILED)
        send_line (remote, line);
    }
  status_changed ();
  return G_SOURCE_CONTINUE;
}

static void
remote_free (Remote *remote)
{
  g_object_unref (remote->channel);
  g_string_free (remote->line, TRUE);
  g_free (remote->bulk_out);
  g_free (remote);
}

static void mark_bulk (Remote *remote);

static void
handle_line (Remote     *remote,
             const char *line)
{
  guint64 index;

  if (g_str_has_prefix (line, "select ") && g_ascii_string_to_unsigned (line + 7, 10, 0, TV_N_PROGRAMMES - 1,
                                                                        &index, NULL))
    {
      tv.channel = index;
      update_ui ();
      status_changed ();
    }
  else if (strcmp (line, "bulk") == 0)
    mark_bulk (remote);
  else if (strcmp (line, "tv") == 0)
    remote->control = TRUE;
  else
    g_message ("A remote sent “%s”, which this TV does not know", line);
}

static void read_remote (Remote *remote);
static void write_bulk (Remote *remote);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Remote *remote = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n <= 0)
    {
      g_message ("A remote went: %s", n == 0 ? "it closed its channel" : error->message);
      g_ptr_array_remove (tv.remotes, remote);
      status_changed ();
      return;
    }
  for (gssize i = 0; i < n; i++)
    {
      if (remote->bulk)
        {
          /* A bulk channel's bytes, after its first line. */
          if (remote->buf[i] != tv_bulk_byte (remote->bulk_received))
            remote->bulk_errors++;
          remote->bulk_received++;
        }
      else if (remote->buf[i] == '\n')
        {
          handle_line (remote, remote->line->str);
          g_string_truncate (remote->line, 0);
        }
      else if (remote->line->len < 256)
        g_string_append_c (remote->line, remote->buf[i]);
    }
  status_changed ();
  read_remote (remote);
}

static void
read_remote (Remote *remote)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (remote->channel)), remote->buf,
                             sizeof remote->buf, G_PRIORITY_DEFAULT, NULL, read_cb, remote);
}

static void
bulk_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Remote *remote = user_data;
  gssize n = g_output_stream_write_finish (G_OUTPUT_STREAM (source), result, NULL);

  remote->bulk_writing = FALSE;
  if (n <= 0)
    return;
  remote->bulk_sent += n;
  status_changed ();
  write_bulk (remote);
}

static void
write_bulk (Remote *remote)
{
  gsize n = MIN (64 * 1024, tv.bulk - remote->bulk_sent);

  if (n == 0 || remote->bulk_writing)
    return;
  if (remote->bulk_out == NULL)
    remote->bulk_out = g_malloc (64 * 1024);
  for (gsize i = 0; i < n; i++)
    remote->bulk_out[i] = tv_bulk_byte (remote->bulk_sent + i);
  remote->bulk_writing = TRUE;
  g_output_stream_write_async (g_io_stream_get_output_stream (G_IO_STREAM (remote->channel)), remote->bulk_out,
                               n, G_PRIORITY_DEFAULT, NULL, bulk_written_cb, remote);
}

static void
key_cb (MigChannel *channel,
        GBytes     *payload,
        gpointer    user_data)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
  g_auto(GStrv) words = g_strsplit (text, " ", 3);

  if (g_strv_length (words) != 3 || strcmp (words[0], "key") != 0)
    return;
  if (strcmp (words[2], "channel-up") == 0)
    tv.channel = (tv.channel + 1) % TV_N_PROGRAMMES;
  else if (strcmp (words[2], "channel-down") == 0)
    tv.channel = (tv.channel + TV_N_PROGRAMMES - 1) % TV_N_PROGRAMMES;
  else if (strcmp (words[2], "volume-up") == 0)
    tv.volume = MIN (tv.volume + 1, 20);
  else if (strcmp (words[2], "volume-down") == 0)
    tv.volume = tv.volume > 0 ? tv.volume - 1 : 0;
  else
    return;
  g_string_append_printf (tv.keys, "%s%s", tv.keys->len > 0 ? "," : "", words[1]);
  tv.n_keys++;
  update_ui ();
  status_changed ();
}

/* A remote connected: the first line says which channel it is. */
static void
incoming_cb (MigChannelListener *listener,
             MigChannel         *channel,
             gpointer            user_data)
{
  Remote *remote = g_new0 (Remote, 1);

  remote->channel = g_object_ref (channel);
  remote->line = g_string_new (NULL);
  g_ptr_array_add (tv.remotes, remote);
  g_signal_connect (channel, "datagram-received", G_CALLBACK (key_cb), NULL);
  g_message ("A remote connected (channel %s)", mig_channel_get_id (channel));
  read_remote (remote);
  status_changed ();
}

/* Bulk channels announce themselves with "bulk\n" before their bytes. */
static void
mark_bulk (Remote *remote)
{
  remote->bulk = TRUE;
  write_bulk (remote);
}

static gboolean
listen (GError **error)
{
  return mig_channel_listener_listen (tv.listener, NULL, tv.port, error);
}

static void
restart_listener_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_autoptr(GError) error = NULL;

  mig_channel_listener_close (tv.listener);
  if (!listen (&error))
    g_warning ("The TV could not listen again: %s", error->message);
  else
    g_message ("The TV's listener restarted on port %u", tv.port);
}

static GtkWidget *
build_window (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *screen = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Migratory TV"));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 540);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_margin_start (content, 24);
  gtk_widget_set_margin_end (content, 24);
  gtk_widget_set_margin_top (content, 24);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_vexpand (content, TRUE);

  tv.channel_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (tv.channel_label, "title-1");
  tv.title_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (tv.title_label, "title-2");
  tv.volume_bar = gtk_level_bar_new_for_interval (0, 20);
  gtk_level_bar_set_mode (GTK_LEVEL_BAR (tv.volume_bar), GTK_LEVEL_BAR_MODE_DISCRETE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tv.volume_bar), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Volume"), -1);
  gtk_widget_set_hexpand (screen, TRUE);
  gtk_widget_set_valign (screen, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (screen), tv.channel_label);
  gtk_box_append (GTK_BOX (screen), tv.title_label);
  gtk_box_append (GTK_BOX (screen), tv.volume_bar);

  tv.guide = gtk_list_box_new ();
  gtk_widget_add_css_class (tv.guide, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (tv.guide), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Programme guide"), -1);
  for (guint i = 0; i < TV_N_PROGRAMMES; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = g_strdup_printf (_("Channel %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tv_programme (i));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (GTK_LIST_BOX (tv.guide), row);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), tv.guide);
  gtk_widget_set_size_request (scrolled, 300, -1);
  gtk_box_append (GTK_BOX (content), screen);
  gtk_box_append (GTK_BOX (content), scrolled);
  gtk_box_append (GTK_BOX (box), content);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  update_ui ();
  return window;
}

static void
activate_cb (GtkApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window == NULL)
    window = GTK_WINDOW (build_window (app));
  gtk_window_present (window);
}

static void
startup_cb (GtkApplication *app)
{
  static const GActionEntry actions[] = {
    { "restart-listener", restart_listener_activated },
  };
  g_autoptr(GError) error = NULL;

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), NULL);
  tv.listener = mig_channel_listener_new ();
  g_signal_connect (tv.listener, "incoming", G_CALLBACK (incoming_cb), NULL);
  if (!listen (&error))
    {
      g_printerr ("migui-tv: %s\n", error->message);
      g_application_quit (G_APPLICATION (app));
      return;
    }
  g_message ("The TV listens for remotes on port %u", mig_channel_listener_get_port (tv.listener));
  g_timeout_add (tv.interval, now_playing_cb, NULL);
  g_application_hold (G_APPLICATION (app));
  status_changed ();
}

static int opt_port = TV_DEFAULT_PORT;
static int opt_interval = 500;
static gint64 opt_bulk = 0;

static int
handle_local_options_cb (GApplication *app,
                         GVariantDict *options)
{
  if (opt_port <= 0 || opt_port > 65535 || opt_interval <= 0 || opt_bulk < 0)
    {
      g_printerr ("migui-tv: %s\n", _("a port, an interval and a size must be positive"));
      return 2;
    }
  tv.port = opt_port;
  tv.interval = opt_interval;
  tv.bulk = opt_bulk;
  return -1;
}

int
main (int   argc,
      char *argv[])
{
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &opt_port, N_("The port remotes connect to"), N_("PORT") },
    { "interval", 'i', 0, G_OPTION_ARG_INT, &opt_interval, N_("Milliseconds between “now playing” updates"),
      N_("MS") },
    { "bulk", 0, 0, G_OPTION_ARG_INT64, &opt_bulk, N_("Bytes to send on each bulk channel (tests)"), N_("BYTES") },
    { "status", 0, 0, G_OPTION_ARG_FILENAME, &tv.status, N_("Write what was received to FILE"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GtkApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = GTK_APPLICATION (adw_application_new ("org.migui.Tv", G_APPLICATION_DEFAULT_FLAGS));
  g_application_add_main_option_entries (G_APPLICATION (app), entries);
  tv.app = app;
  tv.remotes = g_ptr_array_new_with_free_func ((GDestroyNotify) remote_free);
  tv.keys = g_string_new (NULL);
  tv.volume = 8;
  g_signal_connect (app, "handle-local-options", G_CALLBACK (handle_local_options_cb), NULL);
  g_signal_connect (app, "startup", G_CALLBACK (startup_cb), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
