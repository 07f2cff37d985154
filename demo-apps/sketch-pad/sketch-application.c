/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <glib/gi18n.h>

#include "sketch-application.h"
#include "sketch-canvas.h"
#include "sketch-window.h"

/*
 * The sketch pad (after the DPictionary of the distributed-UI paper): one
 * player draws, the others guess.  Its palette, players' panel and drawing
 * are forms that may each live on another device, kept in sync live.
 *
 * Besides app.clear and app.send-part (the "Send a Part" menu), three
 * actions let scripts and the test bed play: app.pick-colour (s) picks a
 * colour on the palette here, home or copy; app.draw (s) draws a stroke
 * "x,y x,y …" (0..1000) on the drawing here, point by point, from the
 * main loop; app.type-guess (sx) types at the end of the guesses here, at
 * a given monotonic time.
 * What each part shows is written to $XDG_RUNTIME_DIR/migui-sketch-pad.status
 * ("home." for the parts of this window, "copy." for parts that arrived),
 * with the monotonic time (µs) at which the colour and the guesses last
 * changed here ("colour-at", "guesses-at").
 */

struct _SketchApplication
{
  MigApplication parent_instance;

  guint   status_source;
  char   *last_status;
};

G_DEFINE_FINAL_TYPE (SketchApplication, sketch_application, MIG_TYPE_APPLICATION)

static SketchWindow *
home_window (SketchApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SKETCH_IS_WINDOW (l->data) && sketch_window_get_board (l->data) != NULL)
      return l->data;
  return NULL;
}

/* Every form of @type here: the home window's, and those that arrived. */
static GPtrArray *
forms_of_type (SketchApplication *self,
               GType              type)
{
  GPtrArray *forms = g_ptr_array_new ();
  SketchWindow *window = home_window (self);

  if (window != NULL)
    {
      MigForm *parts[] = { MIG_FORM (sketch_window_get_board (window)), MIG_FORM (sketch_window_get_palette (window)),
                           MIG_FORM (sketch_window_get_players (window)) };

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (G_TYPE_CHECK_INSTANCE_TYPE (parts[i], type))
          g_ptr_array_add (forms, parts[i]);
    }
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MIG_IS_FORM_WINDOW (l->data))
      {
        MigForm *form = mig_form_window_get_form (l->data);

        if (form != NULL && G_TYPE_CHECK_INSTANCE_TYPE (form, type))
          g_ptr_array_add (forms, form);
      }
  return forms;
}

/* ---- The status file ---- */

static void
describe_form (GString    *out,
               const char *where,
               MigForm    *form,
               MigFormSync *sync)
{
  const char *name = SKETCH_IS_PALETTE (form) ? "palette" : SKETCH_IS_PLAYERS (form) ? "players" : "canvas";

  if (SKETCH_IS_PALETTE (form))
    g_string_append_printf (out, "%s.palette.colour=%s\n%s.palette.thickness=%g\n%s.palette.colour-at=%" G_GINT64_FORMAT "\n",
                            where, sketch_palette_get_colour (SKETCH_PALETTE (form)), where,
                            sketch_palette_get_thickness (SKETCH_PALETTE (form)), where,
                            sketch_palette_get_colour_changed_at (SKETCH_PALETTE (form)));
  else if (SKETCH_IS_PLAYERS (form))
    {
      g_autofree char *guesses = sketch_players_dup_guesses (SKETCH_PLAYERS (form));
      g_autofree char *escaped = g_strescape (guesses, NULL);

      g_string_append_printf (out, "%s.players.guesses=%s\n%s.players.guesses-at=%" G_GINT64_FORMAT "\n", where,
                              escaped, where, sketch_players_get_guesses_changed_at (SKETCH_PLAYERS (form)));
    }
  else
    {
      SketchCanvas *canvas = SKETCH_CANVAS (sketch_board_get_canvas (SKETCH_BOARD (form)));
      g_autofree char *last = sketch_canvas_describe_last (canvas);

      g_string_append_printf (out, "%s.canvas.strokes=%u\n%s.canvas.points=%u\n%s.canvas.last=%s\n", where,
                              sketch_canvas_get_n_strokes (canvas), where, sketch_canvas_get_n_points (canvas),
                              where, last);
    }
  if (sync != NULL)
    {
      g_auto(GStrv) peers = mig_form_sync_dup_peers (sync);

      g_string_append_printf (out, "%s.%s.synced=%s\n%s.%s.read-only=%s\n%s.%s.peers=%u\n", where, name,
                              mig_form_sync_get_synced (sync) ? "yes" : "no", where, name,
                              mig_form_sync_get_read_only (sync) ? "yes" : "no", where, name,
                              g_strv_length (peers));
    }
}

static gboolean
write_status_cb (gpointer user_data)
{
  SketchApplication *self = user_data;
  g_autofree char *path = g_build_filename (g_get_user_runtime_dir (), "migui-sketch-pad.status", NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  SketchWindow *window = home_window (self);

  if (window != NULL)
    {
      MigForm *parts[] = { MIG_FORM (sketch_window_get_board (window)), MIG_FORM (sketch_window_get_palette (window)),
                           MIG_FORM (sketch_window_get_players (window)) };

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        describe_form (out, "home", parts[i], mig_application_lookup_form_sync (MIG_APPLICATION (self), parts[i]));
    }
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MIG_IS_FORM_WINDOW (l->data))
      {
        MigForm *form = mig_form_window_get_form (l->data);

        if (form != NULL)
          describe_form (out, "copy", form, mig_form_window_get_sync (l->data));
        else
          g_string_append (out, "copy.ended=yes\n");
      }
  /* Written again until it is written: a reader must never see an old one. */
  if (g_strcmp0 (out->str, self->last_status) != 0 && g_file_set_contents (path, out->str, out->len, NULL))
    {
      g_free (self->last_status);
      self->last_status = g_strdup (out->str);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- Actions ---- */

static void
clear_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  SketchWindow *window = home_window (user_data);

  if (window != NULL)
    sketch_canvas_clear (SKETCH_CANVAS (sketch_board_get_canvas (sketch_window_get_board (window))));
}

typedef struct
{
  SketchApplication *app;
  MigForm           *form;
  MigFormSendMode    mode;
} SendPart;

static void
part_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SendPart *send = user_data;
  g_autoptr(GError) error = NULL;
  SketchWindow *window = home_window (send->app);

  if (!mig_application_send_form_finish (MIG_APPLICATION (source), result, &error) && window != NULL)
    sketch_window_show_message (window, error->message);
  g_object_unref (send->form);
  g_object_unref (send->app);
  g_free (send);
}

static void
peer_found_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SendPart *send = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MigPeer) peer = mig_peer_browser_find_finish (MIG_PEER_BROWSER (source), result, &error);

  if (peer == NULL)
    {
      SketchWindow *window = home_window (send->app);

      if (window != NULL)
        sketch_window_show_message (window, error->message);
      g_object_unref (send->form);
      g_object_unref (send->app);
      g_free (send);
      return;
    }
  mig_application_send_form_async (MIG_APPLICATION (send->app), send->form, peer, send->mode, NULL, part_sent_cb,
                                   send);
}

static void
send_part_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  SketchApplication *self = user_data;
  SketchWindow *window = home_window (self);
  const char *form_name, *peer, *mode;
  SendPart *send;
  MigForm *form;

  if (window == NULL)
    return;
  g_variant_get (parameter, "(&s&s&s)", &form_name, &peer, &mode);
  form = g_str_equal (form_name, "Palette") ? MIG_FORM (sketch_window_get_palette (window))
         : g_str_equal (form_name, "Players") ? MIG_FORM (sketch_window_get_players (window))
                                              : MIG_FORM (sketch_window_get_board (window));
  send = g_new0 (SendPart, 1);
  send->app = g_object_ref (self);
  send->form = g_object_ref (form);
  send->mode = g_str_equal (mode, "move") ? MIG_FORM_SEND_MOVE
               : g_str_equal (mode, "share") ? MIG_FORM_SEND_SHARE : MIG_FORM_SEND_WATCH;
  mig_peer_browser_find_async (MIG_PEER_BROWSER (mig_application_get_peers (MIG_APPLICATION (self))), peer, NULL,
                               peer_found_cb, send);
}

static void
pick_colour_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  g_autoptr(GPtrArray) palettes = forms_of_type (user_data, SKETCH_TYPE_PALETTE);

  /* The palette the user would touch: a copy that arrived, else home's. */
  if (palettes->len > 0)
    sketch_palette_set_colour (palettes->pdata[palettes->len - 1], g_variant_get_string (parameter, NULL));
}

typedef struct
{
  SketchApplication *app;
  char              *text;
} Typing;

static gboolean
type_now_cb (gpointer user_data)
{
  Typing *t = user_data;
  g_autoptr(GPtrArray) players = forms_of_type (t->app, SKETCH_TYPE_PLAYERS);

  if (players->len > 0)
    sketch_players_type (players->pdata[players->len - 1], -1, t->text);
  g_object_unref (t->app);
  g_free (t->text);
  g_free (t);
  return G_SOURCE_REMOVE;
}

/* (text, when): types @text at the end of the guesses, at the monotonic
 * time @when (µs; 0 or past: now), so that players on several hosts of
 * one machine can type at the same moment. */
static void
type_guess_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  Typing *t = g_new0 (Typing, 1);
  gint64 when;

  t->app = g_object_ref (user_data);
  g_variant_get (parameter, "(sx)", &t->text, &when);
  when -= g_get_monotonic_time ();
  if (when <= 0)
    type_now_cb (t);
  else
    g_timeout_add_full (G_PRIORITY_HIGH, (guint) MIN (when / 1000, 60000), type_now_cb, t, NULL);
}

typedef struct
{
  SketchCanvas *canvas;
  GStrv         points;
  guint         next;
} Drawing;

static gboolean
draw_next_cb (gpointer user_data)
{
  Drawing *d = user_data;
  double x, y;

  if (d->points[d->next] != NULL && sscanf (d->points[d->next], "%lf,%lf", &x, &y) == 2)
    {
      if (d->next++ == 0)
        sketch_canvas_begin_stroke (d->canvas, x, y);
      else
        sketch_canvas_extend_stroke (d->canvas, x, y);
      return G_SOURCE_CONTINUE;
    }
  g_object_unref (d->canvas);
  g_strfreev (d->points);
  g_free (d);
  return G_SOURCE_REMOVE;
}

static void
draw_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SketchWindow *window = home_window (user_data);
  Drawing *d;

  if (window == NULL)
    return;
  d = g_new0 (Drawing, 1);
  d->canvas = g_object_ref (SKETCH_CANVAS (sketch_board_get_canvas (sketch_window_get_board (window))));
  d->points = g_strsplit (g_variant_get_string (parameter, NULL), " ", -1);
  /* A point a frame, as a hand draws. */
  g_timeout_add (16, draw_next_cb, d);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
sketch_application_startup (GApplication *application)
{
  SketchApplication *self = SKETCH_APPLICATION (application);
  const GActionEntry entries[] = {
    { "clear", clear_activated, NULL, NULL, NULL },
    { "send-part", send_part_activated, "(sss)", NULL, NULL },
    { "pick-colour", pick_colour_activated, "s", NULL, NULL },
    { "type-guess", type_guess_activated, "(sx)", NULL, NULL },
    { "draw", draw_activated, "s", NULL, NULL },
    { "quit", quit_activated, NULL, NULL, NULL },
  };
  const char * const quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (sketch_application_parent_class)->startup (application);
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  mig_application_register_window_type (MIG_APPLICATION (self), SKETCH_TYPE_WINDOW);
  mig_application_register_form_type (MIG_APPLICATION (self), SKETCH_TYPE_PALETTE);
  mig_application_register_form_type (MIG_APPLICATION (self), SKETCH_TYPE_PLAYERS);
  mig_application_register_form_type (MIG_APPLICATION (self), SKETCH_TYPE_BOARD);
  self->status_source = g_timeout_add (100, write_status_cb, self);
}

static void
sketch_application_activate (GApplication *application)
{
  SketchWindow *window = home_window (SKETCH_APPLICATION (application));

  if (window == NULL)
    window = sketch_window_new (GTK_APPLICATION (application));
  gtk_window_present (GTK_WINDOW (window));
}

static void
sketch_application_shutdown (GApplication *application)
{
  SketchApplication *self = SKETCH_APPLICATION (application);

  g_clear_handle_id (&self->status_source, g_source_remove);
  G_APPLICATION_CLASS (sketch_application_parent_class)->shutdown (application);
}

static void
sketch_application_finalize (GObject *object)
{
  g_free (SKETCH_APPLICATION (object)->last_status);
  G_OBJECT_CLASS (sketch_application_parent_class)->finalize (object);
}

static void
sketch_application_class_init (SketchApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sketch_application_finalize;
  app_class->startup = sketch_application_startup;
  app_class->activate = sketch_application_activate;
  app_class->shutdown = sketch_application_shutdown;
}

static void
sketch_application_init (SketchApplication *self)
{
}

SketchApplication *
sketch_application_new (void)
{
  return g_object_new (SKETCH_TYPE_APPLICATION, "application-id", "org.migui.SketchPad",
                       "flags", G_APPLICATION_HANDLES_OPEN, "app-version", PACKAGE_VERSION, NULL);
}
