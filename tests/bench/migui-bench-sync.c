/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * migui-bench-sync: what keeping a form in sync costs.  A home form and
 * three copies in this process, each copy joined by a MigChannel with TLS
 * over loopback; prints the propagation delay of one property change home
 * → copy and copy → home (from the change to the other end's widget
 * showing it), the bytes one keystroke and one stroke point cost, and the
 * CPU the whole process spends on a stroke streamed to three copies.
 * Needs a display (xvfb-run).
 *
 *   xvfb-run -a migui-bench-sync [ROUNDS]
 */

#include "config.h"

#include <migui.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "mig-form-sync-private.h"

#define N_COPIES 3

/* A widget whose state grows by points: a stroke. */
#define BENCH_TYPE_STROKE (bench_stroke_get_type ())
G_DECLARE_FINAL_TYPE (BenchStroke, bench_stroke, BENCH, STROKE, GtkWidget)

struct _BenchStroke
{
  GtkWidget  parent_instance;
  GArray    *points;
};

static void bench_stroke_stateful_init (MigStatefulInterface *iface);
static void bench_stroke_syncable_init (MigSyncableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchStroke, bench_stroke, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (MIG_TYPE_STATEFUL, bench_stroke_stateful_init)
                               G_IMPLEMENT_INTERFACE (MIG_TYPE_SYNCABLE, bench_stroke_syncable_init))

static GVariant *
bench_stroke_save (MigStateful *s)
{
  GArray *p = BENCH_STROKE (s)->points;

  return g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, p->data, p->len, sizeof (double));
}

static gboolean
bench_stroke_restore (MigStateful *s, GVariant *state, GError **error)
{
  gsize n = 0;
  const double *d = g_variant_get_fixed_array (state, &n, sizeof (double));

  g_array_set_size (BENCH_STROKE (s)->points, 0);
  g_array_append_vals (BENCH_STROKE (s)->points, d, n);
  return TRUE;
}

static void
bench_stroke_stateful_init (MigStatefulInterface *iface)
{
  iface->save_state = bench_stroke_save;
  iface->restore_state = bench_stroke_restore;
}

static gboolean
bench_stroke_apply (MigSyncable *s, GVariant *event, GError **error)
{
  double x, y;

  g_variant_get (event, "(dd)", &x, &y);
  g_array_append_val (BENCH_STROKE (s)->points, x);
  g_array_append_val (BENCH_STROKE (s)->points, y);
  return TRUE;
}

static void
bench_stroke_syncable_init (MigSyncableInterface *iface)
{
  iface->apply_event = bench_stroke_apply;
}

static void
bench_stroke_finalize (GObject *o)
{
  g_array_unref (BENCH_STROKE (o)->points);
  G_OBJECT_CLASS (bench_stroke_parent_class)->finalize (o);
}

static void
bench_stroke_class_init (BenchStrokeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_stroke_finalize;
}

static void
bench_stroke_init (BenchStroke *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (double));
}

typedef struct
{
  GtkWidget   *window;
  MigForm     *form;
  GtkWidget   *scale;
  GtkWidget   *notes;
  GtkWidget   *stroke;
  MigFormSync *sync;
} Copy;

static void
copy_init (Copy *c)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  c->form = MIG_FORM (mig_form_new ("bench"));
  c->scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 100000, 1);
  c->notes = gtk_text_view_new ();
  c->stroke = g_object_new (BENCH_TYPE_STROKE, NULL);
  mig_widget_set_state_id (c->scale, "scale");
  mig_widget_set_state_id (c->notes, "notes");
  mig_widget_set_state_id (c->stroke, "stroke");
  gtk_box_append (GTK_BOX (box), c->scale);
  gtk_box_append (GTK_BOX (box), c->notes);
  gtk_box_append (GTK_BOX (box), c->stroke);
  mig_form_set_child (c->form, box);
  c->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (c->window), GTK_WIDGET (c->form));
  gtk_window_present (GTK_WINDOW (c->window));
}

static MigChannel *accepted;

static void
incoming_cb (MigChannelListener *l, MigChannel *channel, gpointer data)
{
  g_set_object (&accepted, channel);
}

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(MigChannel **) data = mig_channel_connect_finish (result, NULL);
}

static void
run_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 end = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out");
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
both_ends (gpointer data)
{
  return accepted != NULL && *(MigChannel **) data != NULL;
}

static gboolean
synced (gpointer sync)
{
  return mig_form_sync_get_synced (sync);
}

typedef struct
{
  GtkWidget *scale;
  double     value;
} Want;

static gboolean
has_value (gpointer data)
{
  Want *w = data;

  return gtk_range_get_value (GTK_RANGE (w->scale)) == w->value;
}

static int
compare (gconstpointer a, gconstpointer b)
{
  double x = *(double *) a, y = *(double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what, GArray *ms)
{
  g_array_sort (ms, compare);
  g_print ("%-34s median %6.2f ms, min %6.2f, 90th %6.2f (%u changes)\n", what,
           g_array_index (ms, double, ms->len / 2), g_array_index (ms, double, 0),
           g_array_index (ms, double, ms->len * 9 / 10), ms->len);
}

static double
cpu_seconds (void)
{
  struct rusage r;

  getrusage (RUSAGE_SELF, &r);
  return r.ru_utime.tv_sec + r.ru_stime.tv_sec + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

int
main (int argc, char *argv[])
{
  int rounds = argc > 1 ? atoi (argv[1]) : 200;
  g_autoptr(MigChannelListener) listener = NULL;
  g_autoptr(GArray) down = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) up = g_array_new (FALSE, FALSE, sizeof (double));
  Copy home = { 0, }, copies[N_COPIES] = { { 0, }, };
  GtkTextBuffer *buffer;
  GtkTextIter end;
  guint64 before;
  double cpu, wall;

  gtk_init ();
  listener = mig_channel_listener_new ();
  if (!mig_channel_listener_listen (listener, "127.0.0.1", 0, NULL))
    g_error ("cannot listen");
  g_signal_connect (listener, "incoming", G_CALLBACK (incoming_cb), NULL);

  copy_init (&home);
  home.sync = mig_form_sync_new_home (home.form, MIG_FORM_SYNC_COLLABORATIVE);
  mig_form_sync_set_device_id (home.sync, "bench-home");
  for (int i = 0; i < N_COPIES; i++)
    {
      MigChannel *connected = NULL;
      g_autofree char *id = g_strdup_printf ("bench-copy-%d", i);

      g_clear_object (&accepted);
      mig_channel_connect_async ("127.0.0.1", mig_channel_listener_get_port (listener), MIG_CHANNEL_FLAGS_TLS, NULL,
                                 connected_cb, &connected);
      run_until (both_ends, &connected);
      copy_init (&copies[i]);
      mig_form_sync_add_peer (home.sync, G_IO_STREAM (accepted), FALSE);
      copies[i].sync = mig_form_sync_new_remote (copies[i].form, G_IO_STREAM (connected), id);
      mig_form_sync_set_device_id (copies[i].sync, id);
      run_until (synced, copies[i].sync);
      g_object_unref (connected);
    }

  for (int r = 0; r < rounds; r++)
    {
      Want w = { copies[0].scale, 2 * r + 1 };
      gint64 t = g_get_monotonic_time ();
      double ms;

      /* Home → copy: the change, then its idle flush, the wire, the copy. */
      gtk_range_set_value (GTK_RANGE (home.scale), w.value);
      run_until (has_value, &w);
      ms = (g_get_monotonic_time () - t) / 1000.0;
      g_array_append_val (down, ms);

      w.scale = home.scale;
      w.value = 2 * r + 2;
      t = g_get_monotonic_time ();
      gtk_range_set_value (GTK_RANGE (copies[0].scale), w.value);
      run_until (has_value, &w);
      ms = (g_get_monotonic_time () - t) / 1000.0;
      g_array_append_val (up, ms);
    }
  g_print ("A form kept in sync with %d copies, each over a MigChannel with TLS on loopback, in one process:\n",
           N_COPIES);
  report ("one property, home → a copy", down);
  report ("one property, a copy → home", up);

  /* One keystroke at home, as sent to one copy. */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (home.notes));
  before = mig_form_sync_get_bytes_sent (home.sync);
  for (int i = 0; i < rounds; i++)
    {
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, "k", 1);
      mig_form_sync_flush (home.sync);
    }
  g_print ("%-34s %" G_GUINT64_FORMAT " bytes to each copy (the message; TLS adds its record)\n", "one keystroke",
           (mig_form_sync_get_bytes_sent (home.sync) - before) / rounds / N_COPIES);

  /* A stroke of points at home, streamed to three copies. */
  before = mig_form_sync_get_bytes_sent (home.sync);
  cpu = cpu_seconds ();
  wall = g_get_monotonic_time ();
  for (int i = 0; i < rounds; i++)
    {
      double xy[2] = { i, i * 0.5 };
      BenchStroke *s = BENCH_STROKE (home.stroke);

      g_array_append_vals (s->points, xy, 2);
      mig_syncable_emit_event (MIG_SYNCABLE (s), g_variant_new ("(dd)", xy[0], xy[1]));
      g_main_context_iteration (NULL, FALSE);
    }
  while (BENCH_STROKE (copies[N_COPIES - 1].stroke)->points->len < (guint) rounds * 2)
    g_main_context_iteration (NULL, TRUE);
  g_print ("%-34s %" G_GUINT64_FORMAT " bytes to each copy\n", "one stroke point",
           (mig_form_sync_get_bytes_sent (home.sync) - before) / rounds / N_COPIES);
  g_print ("%-34s %.1f ms of CPU for %d points to %d copies (home and copies, one process), %.1f ms of wall time\n",
           "a stroke", (cpu_seconds () - cpu) * 1000, rounds, N_COPIES, (g_get_monotonic_time () - wall) / 1000.0);

  for (int i = 0; i < N_COPIES; i++)
    {
      g_clear_object (&copies[i].sync);
      gtk_window_destroy (GTK_WINDOW (copies[i].window));
    }
  g_clear_object (&home.sync);
  gtk_window_destroy (GTK_WINDOW (home.window));
  g_clear_object (&accepted);
  return 0;
}
