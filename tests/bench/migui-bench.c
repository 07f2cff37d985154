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
 * forms of 100, 1 000 and 10 000 widgets of mixed types, and with --big of
 * a 5 MB text view and a list of 100 000 items, as medians of repeated
 * runs, with the tree's size plain and gzipped.  Needs a display (run it
 * under xvfb-run on a server).
 */

#define BENCH_TYPE_WINDOW (bench_window_get_type ())
G_DECLARE_FINAL_TYPE (BenchWindow, bench_window, BENCH, WINDOW, MigWindow)

struct _BenchWindow
{
  MigWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (BenchWindow, bench_window, MIG_TYPE_WINDOW)

static guint n_widgets_to_build;

/* What a window holds: N mixed widgets, or one big one. */
typedef enum
{
  KIND_MIXED,
  KIND_TEXT,  /* a text view of 5 MB */
  KIND_LIST,  /* a list view of 100 000 items */
} Kind;

static Kind kind_to_build;

#define BIG_TEXT_BYTES (5 * 1000 * 1000)
#define BIG_LIST_ITEMS 100000

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

static GtkWidget *
make_big_widget (Kind kind)
{
  GtkWidget *widget;

  if (kind == KIND_TEXT)
    widget = gtk_text_view_new ();
  else
    {
      GtkStringList *items = gtk_string_list_new (NULL);
      static const char row[] =
        "<interface><template class=\"GtkListItem\"><property name=\"child\">"
        "<object class=\"GtkLabel\"><binding name=\"label\"><lookup name=\"string\""
        " type=\"GtkStringObject\"><lookup name=\"item\">GtkListItem</lookup></lookup>"
        "</binding></object></property></template></interface>";
      g_autoptr(GBytes) bytes = g_bytes_new_static (row, sizeof row - 1);
      GtkListItemFactory *factory = gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);

      for (guint i = 0; i < BIG_LIST_ITEMS; i++)
        {
          char item[32];

          g_snprintf (item, sizeof item, "Item %u", i);
          gtk_string_list_append (items, item);
        }
      widget = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (items))), factory);
    }
  mig_widget_set_state_id (widget, kind == KIND_TEXT ? "text" : "list");
  return widget;
}

static void
set_big_value (GtkWidget *widget,
               Kind       kind)
{
  if (kind == KIND_TEXT)
    {
      GString *text = g_string_sized_new (BIG_TEXT_BYTES + 100);

      for (guint line = 0; text->len < BIG_TEXT_BYTES; line++)
        g_string_append_printf (text, "%u. The quick brown fox jumps over the lazy dog, and then "
                                "writes down what it saw on the way.\n", line);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text->str, (int) text->len);
      g_string_free (text, TRUE);
    }
  else
    gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (widget))),
                                       BIG_LIST_ITEMS * 3 / 4);
}

static void
bench_window_init (BenchWindow *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box;

  gtk_window_set_default_size (GTK_WINDOW (self), 800, 600);
  gtk_window_set_title (GTK_WINDOW (self), "Bench Window");
  if (kind_to_build != KIND_MIXED)
    {
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), make_big_widget (kind_to_build));
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), scrolled);
      return;
    }
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

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
  double serialize;
  double parse;
  double apply;
  double restore;
  gsize size;
  gsize gzip_size;
  double gzip_ms;
} Row;

/* Gives a window of the kind being built the values a user would have
 * typed or picked. */
static void
fill_window (BenchWindow *window)
{
  GtkWidget *child = gtk_scrolled_window_get_child (
      GTK_SCROLLED_WINDOW (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window))));
  guint i = 0;

  if (kind_to_build != KIND_MIXED)
    {
      set_big_value (child, kind_to_build);
      return;
    }
  for (child = gtk_widget_get_first_child (gtk_widget_get_first_child (child)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    set_value (child, i++);
}

/* What the tree costs on the wire gzipped as a sender gzips it (zlib's
 * fastest level, GLib's converter): bytes and milliseconds. */
static gsize
gzip_size (const char *data,
           gsize       length,
           double     *ms)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autofree char *out = g_malloc (length + 1024);
  gsize read = 0, written = 0;
  double t0 = now_ms ();

  if (g_converter_convert (G_CONVERTER (compressor), data, length, out, length + 1024,
                           G_CONVERTER_INPUT_AT_END, &read, &written, NULL) != G_CONVERTER_FINISHED)
    written = 0;
  *ms = now_ms () - t0;
  return written;
}

static void
measure (MigApplication *app,
         Kind            kind,
         guint           n,
         guint           runs,
         Row            *row)
{
  g_autoptr(GArray) checkpoint = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) serialize_parse = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) serialize = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) parse = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) apply = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) restore = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(MigFormTree) tree = NULL;
  BenchWindow *window;

  n_widgets_to_build = n;
  kind_to_build = kind;
  window = g_object_new (BENCH_TYPE_WINDOW, "application", app, NULL);
  gtk_window_present (GTK_WINDOW (window));
  flush ();
  fill_window (window);

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(MigFormTree) parsed = NULL;
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;
      double t0, t1, t2, t3, ts;
      BenchWindow *fresh;

      g_clear_object (&tree);
      t0 = now_ms ();
      tree = mig_application_checkpoint (app);
      t1 = now_ms ();
      data = mig_form_tree_to_data (tree, &length);
      ts = now_ms ();
      parsed = mig_form_tree_new_from_data (data, (gssize) length, &error);
      t2 = now_ms ();
      g_assert_no_error (error);
      row->size = length;
      if (r == 0)
        row->gzip_size = gzip_size (data, length, &row->gzip_ms);
      g_array_append_val (checkpoint, (double) { t1 - t0 });
      g_array_append_val (serialize_parse, (double) { t2 - t1 });
      g_array_append_val (serialize, (double) { ts - t1 });
      g_array_append_val (parse, (double) { t2 - ts });

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
  row->serialize = median (serialize);
  row->parse = median (parse);
  row->apply = median (apply);
  row->restore = median (restore);
}

/* --app: a migratory application of one bench window, for the test bed's
 * big-state hops (tests/testbed/bench-big.sh): it starts with the window
 * filled in, or with --idle with none; with --stay it outlives its
 * windows (a warm target). */
static gboolean app_stay;
static gboolean app_idle;

static void
app_activate_cb (GApplication *app)
{
  BenchWindow *window;

  if (app_idle)
    return;
  window = g_object_new (BENCH_TYPE_WINDOW, "application", app, NULL);
  fill_window (window);
  gtk_window_present (GTK_WINDOW (window));
}

static int
run_app (const char *kind,
         int         argc,
         char      **argv)
{
  g_autoptr(MigApplication) app = mig_application_new ("org.migui.Bench", G_APPLICATION_HANDLES_OPEN);

  if (g_strcmp0 (kind, "text") == 0)
    kind_to_build = KIND_TEXT;
  else if (g_strcmp0 (kind, "list") == 0)
    kind_to_build = KIND_LIST;
  else
    {
      kind_to_build = KIND_MIXED;
      n_widgets_to_build = (guint) g_ascii_strtoull (kind, NULL, 10);
    }
  mig_application_register_window_type (app, BENCH_TYPE_WINDOW);
  g_signal_connect (app, "activate", G_CALLBACK (app_activate_cb), NULL);
  if (app_stay)
    g_application_hold (G_APPLICATION (app));
  return g_application_run (G_APPLICATION (app), argc, argv);
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 100, 1000, 10000 };
  g_autoptr(MigApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  Row rows[G_N_ELEMENTS (sizes)];
  Row big_rows[2];
  int runs = 21;
  gboolean big = FALSE;
  gboolean quick = FALSE;
  guint n_sizes;
  int few_runs;
  g_autofree char *app_kind = NULL;
  GOptionEntry entries[] = {
    { "app", 0, 0, G_OPTION_ARG_STRING, &app_kind, "Run as the application org.migui.Bench with one window "
      "of KIND: text (5 MB), list (100 000 items) or a number of widgets", "KIND" },
    { "stay", 0, 0, G_OPTION_ARG_NONE, &app_stay, "With --app: outlive every window", NULL },
    { "idle", 0, 0, G_OPTION_ARG_NONE, &app_idle, "With --app: start without a window", NULL },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Runs per size (the median is printed)", "N" },
    { "big", 0, 0, G_OPTION_ARG_NONE, &big, "Also a 5 MB text view and a list of 100 000 items", NULL },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Leave out the form of 10 000 widgets (a smoke run)", NULL },
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
  if (app_kind != NULL)
    return run_app (app_kind, 1, argv);
  /* The slow sizes run a third as often, at least 3 times (once in a
   * smoke run of --runs 1 or 2). */
  few_runs = runs < 3 ? MAX (runs, 1) : MAX (runs / 3, 3);

  app = mig_application_new ("org.migui.Bench", G_APPLICATION_NON_UNIQUE);
  mig_application_set_recovery_enabled (app, FALSE);
  mig_application_register_window_type (app, BENCH_TYPE_WINDOW);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  n_sizes = quick ? G_N_ELEMENTS (sizes) - 1 : G_N_ELEMENTS (sizes);
  for (guint i = 0; i < n_sizes; i++)
    measure (app, KIND_MIXED, sizes[i], (guint) (sizes[i] >= 10000 ? few_runs : runs), &rows[i]);
  if (big)
    {
      measure (app, KIND_TEXT, 1, (guint) few_runs, &big_rows[0]);
      measure (app, KIND_LIST, 1, (guint) few_runs, &big_rows[1]);
    }

  g_print ("libmigui %s, medians of %d runs (%d for 10 000 widgets and big state), times in ms\n\n",
           MIG_VERSION_S, runs, few_runs);
  g_print ("%-16s %10s %10s %8s %14s %14s %11s %11s %8s\n", "window", "checkpoint", "serialize",
           "parse", "restore:apply", "restore:total", "tree bytes", "gzip bytes", "gzip ms");
  for (guint i = 0; i < G_N_ELEMENTS (sizes) + (big ? G_N_ELEMENTS (big_rows) : 0); i++)
    {
      Row *row = i < G_N_ELEMENTS (sizes) ? &rows[i] : &big_rows[i - G_N_ELEMENTS (sizes)];
      g_autofree char *label = i < G_N_ELEMENTS (sizes) ? g_strdup_printf ("%u widgets", row->widgets)
                               : g_strdup (i == G_N_ELEMENTS (sizes) ? "text view, 5 MB" : "list, 100 000");

      if (i >= n_sizes && i < G_N_ELEMENTS (sizes))
        continue;

      g_print ("%-16s %10.3f %10.3f %8.3f %14.3f %14.3f %11" G_GSIZE_FORMAT " %11" G_GSIZE_FORMAT " %8.2f\n",
               label, row->checkpoint, row->serialize, row->parse, row->apply, row->restore,
               row->size, row->gzip_size, row->gzip_ms);
    }
  if (quick)
    return 0;
  g_print ("%-16s %10.1f %10.1f %8.1f %14.1f %14.1f %11.1f\n", "10k/1k",
           rows[2].checkpoint / rows[1].checkpoint, rows[2].serialize / rows[1].serialize,
           rows[2].parse / rows[1].parse, rows[2].apply / rows[1].apply, rows[2].restore / rows[1].restore,
           (double) rows[2].size / rows[1].size);
  g_print ("serialize+parse, 10k/1k: %.1f\n", rows[2].serialize_parse / rows[1].serialize_parse);
  g_print ("\nrestore:apply gives a freshly built window its saved values; restore:total is\n"
           "mig_application_restore(): building the window's widgets, applying, showing.\n");
  return 0;
}
