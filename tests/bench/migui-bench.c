/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <migui.h>

#include "mig-window-private.h"
#include "mig-form-tree-private.h"

/*
 * migui-bench: how long checkpoints, serialization and restores take for
 * forms of 100, 1 000 and 10 000 widgets of mixed types, as medians of
 * repeated runs.  Needs a display (run it under xvfb-run on a server).
 */

#define BENCH_TYPE_WINDOW (bench_window_get_type ())
G_DECLARE_FINAL_TYPE (BenchWindow, bench_window, BENCH, WINDOW, MigWindow)

struct _BenchWindow
{
  MigWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (BenchWindow, bench_window, MIG_TYPE_WINDOW)

static guint n_widgets_to_build;

static void bench_window_class_init (BenchWindowClass *klass) { }

static GtkWidget *
make_widget (guint i)
{
  static const char *fruits[] = { "Apple", "Banana", "Cherry", NULL };

  switch (i % 8)
    {
    case 0: return gtk_entry_new ();
    case 1: return gtk_check_button_new_with_label ("Check");
    case 2: return gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 100, 1);
    case 3: return gtk_spin_button_new_with_range (0, 1000, 1);
    case 4: return gtk_switch_new ();
    case 5: return gtk_drop_down_new_from_strings (fruits);
    case 6: return gtk_toggle_button_new_with_label ("Toggle");
    default: return gtk_text_view_new ();
    }
}

static void
set_value (GtkWidget *widget,
           guint      i)
{
  switch (i % 8)
    {
    case 0: gtk_editable_set_text (GTK_EDITABLE (widget), "a value typed by the user"); break;
    case 1: gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), TRUE); break;
    case 2: gtk_range_set_value (GTK_RANGE (widget), i % 100); break;
    case 3: gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget), i); break;
    case 4: gtk_switch_set_active (GTK_SWITCH (widget), TRUE); break;
    case 5: gtk_drop_down_set_selected (GTK_DROP_DOWN (widget), 2); break;
    case 6: gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (widget), TRUE); break;
    default: gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), "Some notes\non two lines", -1); break;
    }
}

static void
bench_window_init (BenchWindow *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  for (guint i = 0; i < n_widgets_to_build; i++)
    {
      GtkWidget *widget = make_widget (i);
      char id[16];

      g_snprintf (id, sizeof id, "w%u", i);
      mig_widget_set_state_id (widget, id);
      gtk_box_append (GTK_BOX (box), widget);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (self), 800, 600);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
flush (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  guint widgets;
  double checkpoint;
  double serialize_parse;
  double apply;
  double restore;
  gsize size;
} Row;

static void
measure (MigApplication *app,
         guint           n,
         guint           runs,
         Row            *row)
{
  g_autoptr(GArray) checkpoint = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) serialize_parse = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) apply = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) restore = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(MigFormTree) tree = NULL;
  GtkWidget *child;
  BenchWindow *window;
  guint i = 0;

  n_widgets_to_build = n;
  window = g_object_new (BENCH_TYPE_WINDOW, "application", app, NULL);
  gtk_window_present (GTK_WINDOW (window));
  flush ();
  child = gtk_widget_get_first_child (gtk_scrolled_window_get_child (
            GTK_SCROLLED_WINDOW (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)))));
  for (child = gtk_widget_get_first_child (child); child != NULL; child = gtk_widget_get_next_sibling (child))
    set_value (child, i++);

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(MigFormTree) parsed = NULL;
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;
      double t0, t1, t2, t3;
      BenchWindow *fresh;

      g_clear_object (&tree);
      t0 = now_ms ();
      tree = mig_application_checkpoint (app);
      t1 = now_ms ();
      data = mig_form_tree_to_data (tree, &length);
      parsed = mig_form_tree_new_from_data (data, (gssize) length, &error);
      t2 = now_ms ();
      g_assert_no_error (error);
      row->size = length;
      g_array_append_val (checkpoint, (double) { t1 - t0 });
      g_array_append_val (serialize_parse, (double) { t2 - t1 });

      /* Applying the values to a freshly built window, as a restore does. */
      fresh = g_object_new (BENCH_TYPE_WINDOW, "application", app, NULL);
      t2 = now_ms ();
      if (!mig_window_restore_widgets (MIG_WINDOW (fresh), mig_form_tree_get_window (parsed, 0), &error))
        g_error ("%s", error->message);
      t3 = now_ms ();
      g_array_append_val (apply, (double) { t3 - t2 });
      gtk_window_destroy (GTK_WINDOW (fresh));

      /* The whole public restore: build, apply, state, geometry, present. */
      g_object_set_data (G_OBJECT (app), "bench-before", g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app))));
      t2 = now_ms ();
      if (!mig_application_restore (app, parsed, MIG_RESTORE_REASON_MIGRATE, &error))
        g_error ("%s", error->message);
      t3 = now_ms ();
      g_array_append_val (restore, (double) { t3 - t2 });
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;)
        {
          GList *next = l->next;
          if (l->data != (gpointer) window)
            gtk_window_destroy (l->data);
          l = next;
        }
      g_list_free (g_object_steal_data (G_OBJECT (app), "bench-before"));
      flush ();
    }

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();

  row->widgets = mig_form_tree_get_n_widgets (tree);
  row->checkpoint = median (checkpoint);
  row->serialize_parse = median (serialize_parse);
  row->apply = median (apply);
  row->restore = median (restore);
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 100, 1000, 10000 };
  g_autoptr(MigApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  Row rows[G_N_ELEMENTS (sizes)];
  int runs = 21;
  GOptionEntry entries[] = {
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Runs per size (the median is printed)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time libmigui checkpoints and restores");

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("migui-bench: %s\n", error->message);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("migui-bench: no display; run it under xvfb-run\n");
      return 1;
    }

  app = mig_application_new ("org.migui.Bench", G_APPLICATION_NON_UNIQUE);
  mig_application_set_recovery_enabled (app, FALSE);
  mig_application_register_window_type (app, BENCH_TYPE_WINDOW);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    measure (app, sizes[i], (guint) (sizes[i] >= 10000 ? MAX (runs / 3, 3) : runs), &rows[i]);

  g_print ("libmigui %s, medians of %d runs (%d for 10 000 widgets), times in ms\n\n",
           MIG_VERSION_S, runs, MAX (runs / 3, 3));
  g_print ("%8s %12s %17s %15s %16s %12s\n", "widgets", "checkpoint", "serialize+parse",
           "restore:apply", "restore:total", "tree bytes");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    g_print ("%8u %12.3f %17.3f %15.3f %16.3f %12" G_GSIZE_FORMAT "\n",
             rows[i].widgets, rows[i].checkpoint, rows[i].serialize_parse,
             rows[i].apply, rows[i].restore, rows[i].size);
  g_print ("%8s %12.1f %17.1f %15.1f %16.1f %12.1f\n", "10k/1k",
           rows[2].checkpoint / rows[1].checkpoint, rows[2].serialize_parse / rows[1].serialize_parse,
           rows[2].apply / rows[1].apply, rows[2].restore / rows[1].restore,
           (double) rows[2].size / rows[1].size);
  g_print ("\nrestore:apply gives a freshly built window its saved values; restore:total is\n"
           "mig_application_restore(): building the window's widgets, applying, showing.\n");
  return 0;
}
