/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <migui.h>
#include <string.h>

#include "mig-form-sync-private.h"
#include "mig-json-writer-private.h"
#include "mig-sync-message-private.h"
#include "mig-test-env.h"
#include "mig-test-utils.h"

/*
 * MigFormSync: copies of one form, in windows of their own in this
 * process, joined to their home by real MigChannels over loopback: the
 * snapshot, changes both ways and relayed, concurrent writes converging,
 * exclusive editing and its hand-over, watchers, actions going home, the
 * ends of links, and hostile messages from a raw channel.
 */

#define WAIT_MS 5000

typedef struct
{
  GtkWidget   *window;
  MigForm     *form;
  MigFormSync *sync;
} Copy;

/* A widget whose state grows by steps: a list of numbers, each added one
 * is an event. */
#define TEST_TYPE_TALLY (test_tally_get_type ())
G_DECLARE_FINAL_TYPE (TestTally, test_tally, TEST, TALLY, GtkWidget)

struct _TestTally
{
  GtkWidget  parent_instance;
  GArray    *numbers;
};

static void test_tally_stateful_init (MigStatefulInterface *iface);
static void test_tally_syncable_init (MigSyncableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestTally, test_tally, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (MIG_TYPE_STATEFUL, test_tally_stateful_init)
                               G_IMPLEMENT_INTERFACE (MIG_TYPE_SYNCABLE, test_tally_syncable_init))

static GVariant *
test_tally_save_state (MigStateful *stateful)
{
  TestTally *self = TEST_TALLY (stateful);

  return g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, self->numbers->data, self->numbers->len, sizeof (gint32));
}

static gboolean
test_tally_restore_state (MigStateful  *stateful,
                          GVariant     *state,
                          GError      **error)
{
  TestTally *self = TEST_TALLY (stateful);
  gsize n = 0;
  const gint32 *numbers;

  if (!g_variant_is_of_type (state, G_VARIANT_TYPE ("ai")))
    return FALSE;
  numbers = g_variant_get_fixed_array (state, &n, sizeof (gint32));
  g_array_set_size (self->numbers, 0);
  g_array_append_vals (self->numbers, numbers, n);
  return TRUE;
}

static void
test_tally_stateful_init (MigStatefulInterface *iface)
{
  iface->save_state = test_tally_save_state;
  iface->restore_state = test_tally_restore_state;
}

static gboolean
test_tally_apply_event (MigSyncable  *syncable,
                        GVariant     *event,
                        GError      **error)
{
  gint32 n;

  if (!g_variant_is_of_type (event, G_VARIANT_TYPE_INT32))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE, "a tally takes numbers");
      return FALSE;
    }
  n = g_variant_get_int32 (event);
  g_array_append_val (TEST_TALLY (syncable)->numbers, n);
  return TRUE;
}

static void
test_tally_syncable_init (MigSyncableInterface *iface)
{
  iface->apply_event = test_tally_apply_event;
}

static void
test_tally_finalize (GObject *object)
{
  g_array_unref (TEST_TALLY (object)->numbers);
  G_OBJECT_CLASS (test_tally_parent_class)->finalize (object);
}

static void
test_tally_class_init (TestTallyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_tally_finalize;
}

static void
test_tally_init (TestTally *self)
{
  self->numbers = g_array_new (FALSE, FALSE, sizeof (gint32));
}

/* The user adds a number: applied here, then sent. */
static void
tally_add (GtkWidget *tally,
           gint32     n)
{
  g_array_append_val (TEST_TALLY (tally)->numbers, n);
  mig_syncable_emit_event (MIG_SYNCABLE (tally), g_variant_new_int32 (n));
}

static char *
tally_string (GtkWidget *tally)
{
  GString *s = g_string_new (NULL);
  GArray *numbers = TEST_TALLY (tally)->numbers;

  for (guint i = 0; i < numbers->len; i++)
    g_string_append_printf (s, "%s%d", i > 0 ? "," : "", g_array_index (numbers, gint32, i));
  return g_string_free (s, FALSE);
}

/* A palette: a name, a thickness, a tool, a filled flag, notes, and a
 * button whose action goes home. */
static MigForm *
new_palette (void)
{
  GtkWidget *form = mig_form_new ("palette");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *name = gtk_entry_new ();
  GtkWidget *thickness = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 1, 50, 1);
  const char * const tools[] = { "pen", "brush", "eraser", NULL };
  GtkWidget *tool = gtk_drop_down_new_from_strings (tools);
  GtkWidget *fill = gtk_check_button_new_with_label ("Fill");
  GtkWidget *notes = gtk_text_view_new ();
  GtkWidget *clear = gtk_button_new_with_label ("Clear");
  GtkWidget *tally = g_object_new (TEST_TYPE_TALLY, NULL);

  mig_widget_set_state_id (name, "name");
  mig_widget_set_state_id (thickness, "thickness");
  mig_widget_set_state_id (tool, "tool");
  mig_widget_set_state_id (fill, "fill");
  mig_widget_set_state_id (notes, "notes");
  mig_widget_set_state_id (clear, "clear");
  mig_widget_set_state_id (tally, "tally");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "palette.clear");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), thickness);
  gtk_box_append (GTK_BOX (box), tool);
  gtk_box_append (GTK_BOX (box), fill);
  gtk_box_append (GTK_BOX (box), notes);
  gtk_box_append (GTK_BOX (box), clear);
  gtk_box_append (GTK_BOX (box), tally);
  mig_form_set_child (MIG_FORM (form), box);
  return MIG_FORM (form);
}

static GtkWidget *
part (Copy       *copy,
      const char *id)
{
  GtkWidget *box = mig_form_get_child (copy->form);

  for (GtkWidget *w = gtk_widget_get_first_child (box); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (g_strcmp0 (mig_widget_get_state_id (w), id) == 0)
      return w;
  g_assert_not_reached ();
}

static void
copy_init (Copy *copy)
{
  copy->window = gtk_window_new ();
  copy->form = new_palette ();
  gtk_window_set_child (GTK_WINDOW (copy->window), GTK_WIDGET (copy->form));
  gtk_window_present (GTK_WINDOW (copy->window));
}

static void
copy_clear (Copy *copy)
{
  g_clear_object (&copy->sync);
  if (copy->window != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&copy->window)));
}

/* ---- Channels ---- */

/* A channel between the home (@home_end) and a copy (@copy_end). */
static void
channel_pair (MigChannel **home_end,
              MigChannel **copy_end)
{
  g_autoptr(MigChannelListener) listener = mig_test_channel_pair (MIG_CHANNEL_FLAGS_TLS, home_end, copy_end);

  mig_channel_listener_close (listener);
}

static gboolean
is_synced (gpointer sync)
{
  return mig_form_sync_get_synced (sync);
}

static char *
peer_id (const char *letter)
{
  return g_strdup_printf ("test-device-%s", letter);
}

/* Joins @copy to @home's form as the device "test-device-@letter". */
static void
join (Copy       *home,
      Copy       *copy,
      const char *letter,
      gboolean    watcher)
{
  g_autoptr(MigChannel) home_end = NULL;
  g_autoptr(MigChannel) copy_end = NULL;
  g_autofree char *id = peer_id (letter);

  channel_pair (&home_end, &copy_end);
  mig_form_sync_add_peer (home->sync, G_IO_STREAM (home_end), watcher);
  copy->sync = mig_form_sync_new_remote (copy->form, G_IO_STREAM (copy_end), letter);
  mig_form_sync_set_device_id (copy->sync, id);
  g_assert_true (mig_test_wait_for (is_synced, copy->sync, WAIT_MS));
}

static void
home_init (Copy            *home,
           MigFormSyncMode  mode)
{
  copy_init (home);
  home->sync = mig_form_sync_new_home (home->form, mode);
  mig_form_sync_set_device_id (home->sync, "test-device-home");
}

/* ---- Waiting for values ---- */

typedef struct
{
  GtkWidget  *widget;
  const char *text;
  double      value;
  guint       selected;
} Expect;

static gboolean
text_is (gpointer data)
{
  Expect *e = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (e->widget)), e->text) == 0;
}

static void
assert_text (GtkWidget  *entry,
             const char *text)
{
  Expect e = { .widget = entry, .text = text };

  mig_test_wait_for (text_is, &e, WAIT_MS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, text);
}

static gboolean
value_is (gpointer data)
{
  Expect *e = data;

  return gtk_range_get_value (GTK_RANGE (e->widget)) == e->value;
}

static void
assert_value (GtkWidget *scale,
              double     value)
{
  Expect e = { .widget = scale, .value = value };

  mig_test_wait_for (value_is, &e, WAIT_MS);
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (scale)), ==, value);
}

static gboolean
selected_is (gpointer data)
{
  Expect *e = data;

  return gtk_drop_down_get_selected (GTK_DROP_DOWN (e->widget)) == e->selected;
}

static void
assert_selected (GtkWidget *drop_down,
                 guint      selected)
{
  Expect e = { .widget = drop_down, .selected = selected };

  mig_test_wait_for (selected_is, &e, WAIT_MS);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down)), ==, selected);
}

static char *
notes_text (Copy *copy)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (part (copy, "notes")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* ---- Tests ---- */

/* A copy that joins late starts from the home's values, not from its
 * screen's: cursors are its own. */
static void
test_snapshot (void)
{
  Copy home = { 0, }, b = { 0, };
  g_auto(GStrv) peers = NULL;

  home_init (&home, MIG_FORM_SYNC_COLLABORATIVE);
  gtk_editable_set_text (GTK_EDITABLE (part (&home, "name")), "Round one");
  gtk_range_set_value (GTK_RANGE (part (&home, "thickness")), 12);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (part (&home, "tool")), 2);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (part (&home, "fill")), TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (part (&home, "notes"))), "first line", -1);
  gtk_editable_set_position (GTK_EDITABLE (part (&home, "name")), 3);
  mig_test_flush ();

  copy_init (&b);
  join (&home, &b, "b", FALSE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (&b, "name"))), ==, "Round one");
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (part (&b, "thickness"))), ==, 12);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (part (&b, "tool"))), ==, 2);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (part (&b, "fill"))));
  g_assert_cmpstr (notes_text (&b), ==, "first line");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (part (&b, "name"))), !=, 3);
  g_assert_false (mig_form_sync_get_read_only (b.sync));
  g_assert_true (gtk_widget_get_sensitive (mig_form_get_child (b.form)));

  peers = mig_form_sync_dup_peers (home.sync);
  g_assert_cmpuint (g_strv_length (peers), ==, 1);
  g_assert_cmpstr (peers[0], ==, "test-device-b");

  copy_clear (&b);
  copy_clear (&home);
}

/* Changes flow both ways, and the home relays a copy's to the others. */
static void
test_both_ways (void)
{
  Copy home = { 0, }, b = { 0, }, c = { 0, };
  g_autofree char *notes = NULL;

  home_init (&home, MIG_FORM_SYNC_COLLABORATIVE);
  copy_init (&b);
  copy_init (&c);
  join (&home, &b, "b", FALSE);
  join (&home, &c, "c", FALSE);

  gtk_editable_set_text (GTK_EDITABLE (part (&home, "name")), "from home");
  assert_text (part (&b, "name"), "from home");
  assert_text (part (&c, "name"), "from home");

  gtk_range_set_value (GTK_RANGE (part (&b, "thickness")), 33);
  assert_value (part (&home, "thickness"), 33);
  assert_value (part (&c, "thickness"), 33);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (part (&c, "tool")), 1);
  assert_selected (part (&home, "tool"), 1);
  assert_selected (part (&b, "tool"), 1);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (part (&c, "notes"))), "from c", -1);
  mig_test_flush ();
  notes = notes_text (&b);
  g_assert_cmpstr (notes, ==, "from c");

  copy_clear (&c);
  copy_clear (&b);
  copy_clear (&home);
}

typedef struct
{
  Copy *copies;
  guint n;
} Copies;

static gboolean
all_same_name (gpointer data)
{
  Copies *all = data;
  const char *first = gtk_editable_get_text (GTK_EDITABLE (part (&all->copies[0], "name")));

  for (guint i = 1; i < all->n; i++)
    if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (part (&all->copies[i], "name"))), first) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
all_same_thickness (gpointer data)
{
  Copies *all = data;
  double first = gtk_range_get_value (GTK_RANGE (part (&all->copies[0], "thickness")));

  for (guint i = 1; i < all->n; i++)
    if (gtk_range_get_value (GTK_RANGE (part (&all->copies[i], "thickness"))) != first)
      return FALSE;
  return TRUE;
}

/* Two copies write one property at once: every copy ends with the same
 * one of the two values.  (Texts merge instead: see concurrent-text.) */
static void
test_concurrent_writes (void)
{
  Copy copies[3] = { { 0, }, };
  Copies all = { copies, 3 };

  home_init (&copies[0], MIG_FORM_SYNC_COLLABORATIVE);
  copy_init (&copies[1]);
  copy_init (&copies[2]);
  join (&copies[0], &copies[1], "b", FALSE);
  join (&copies[0], &copies[2], "c", FALSE);

  /* Both written before either is sent: the same clock on both. */
  gtk_range_set_value (GTK_RANGE (part (&copies[1], "thickness")), 10);
  gtk_range_set_value (GTK_RANGE (part (&copies[2], "thickness")), 20);
  mig_form_sync_flush (copies[1].sync);
  mig_form_sync_flush (copies[2].sync);
  g_assert_true (mig_test_wait_for (all_same_thickness, &all, WAIT_MS));
  mig_test_flush ();
  g_assert_true (all_same_thickness (&all));
  /* Equal clocks: the greater device ID wins. */
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (part (&copies[0], "thickness"))), ==, 20);

  for (int i = 2; i >= 0; i--)
    copy_clear (&copies[i]);
}

static gboolean
is_writable (gpointer sync)
{
  return !mig_form_sync_get_read_only (sync);
}

/* One device edits at a time; editing is handed over on request. */
static void
test_exclusive (void)
{
  Copy home = { 0, }, b = { 0, };

  home_init (&home, MIG_FORM_SYNC_EXCLUSIVE);
  copy_init (&b);
  join (&home, &b, "b", FALSE);
  g_assert_cmpstr (mig_form_sync_get_editor (b.sync), ==, "test-device-home");
  g_assert_true (mig_form_sync_get_read_only (b.sync));
  g_assert_false (gtk_widget_get_sensitive (mig_form_get_child (b.form)));
  g_assert_false (mig_form_sync_get_read_only (home.sync));

  /* What the program changes on a copy that may not edit goes back. */
  gtk_editable_set_text (GTK_EDITABLE (part (&b, "name")), "not allowed");
  mig_test_flush ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (&b, "name"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (&home, "name"))), ==, "");

  gtk_editable_set_text (GTK_EDITABLE (part (&home, "name")), "home edits");
  assert_text (part (&b, "name"), "home edits");

  mig_form_sync_request_edit (b.sync);
  g_assert_true (mig_test_wait_for (is_writable, b.sync, WAIT_MS));
  g_assert_cmpstr (mig_form_sync_get_editor (home.sync), ==, "test-device-b");
  g_assert_true (mig_form_sync_get_read_only (home.sync));
  g_assert_false (gtk_widget_get_sensitive (mig_form_get_child (home.form)));
  gtk_editable_set_text (GTK_EDITABLE (part (&b, "name")), "b edits");
  assert_text (part (&home, "name"), "b edits");

  /* The editor leaves: editing comes home. */
  copy_clear (&b);
  g_assert_true (mig_test_wait_for (is_writable, home.sync, WAIT_MS));
  g_assert_cmpstr (mig_form_sync_get_editor (home.sync), ==, "test-device-home");
  copy_clear (&home);
}

/* A watcher follows read-only until it is invited. */
static void
test_watcher (void)
{
  Copy home = { 0, }, w = { 0, };

  home_init (&home, MIG_FORM_SYNC_COLLABORATIVE);
  copy_init (&w);
  join (&home, &w, "w", TRUE);
  g_assert_true (mig_form_sync_get_watcher (w.sync));
  g_assert_true (mig_form_sync_get_read_only (w.sync));

  gtk_range_set_value (GTK_RANGE (part (&home, "thickness")), 7);
  assert_value (part (&w, "thickness"), 7);
  gtk_range_set_value (GTK_RANGE (part (&w, "thickness")), 9);
  mig_test_flush ();
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (part (&home, "thickness"))), ==, 7);
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (part (&w, "thickness"))), ==, 7);

  mig_form_sync_invite (home.sync, "test-device-w");
  g_assert_true (mig_test_wait_for (is_writable, w.sync, WAIT_MS));
  gtk_range_set_value (GTK_RANGE (part (&w, "thickness")), 9);
  assert_value (part (&home, "thickness"), 9);

  copy_clear (&w);
  copy_clear (&home);
}

static void
clear_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  Copy *home = user_data;

  /* The application's own code, at home: its effect flows back. */
  gtk_editable_set_text (GTK_EDITABLE (part (home, "name")), "cleared at home");
}

static void
size_changed (GSimpleAction *action,
              GVariant      *state,
              gpointer       user_data)
{
  g_simple_action_set_state (action, state);
}

static gboolean
clear_disabled (gpointer data)
{
  return !gtk_widget_get_sensitive (part (data, "clear"));
}

static gboolean
clear_enabled (gpointer data)
{
  return gtk_widget_get_sensitive (part (data, "clear"));
}

static gboolean
size_state_is_large (gpointer data)
{
  GActionGroup *group = data;
  g_autoptr(GVariant) state = g_action_group_get_action_state (group, "size");

  return g_strcmp0 (g_variant_get_string (state, NULL), "large") == 0;
}

/* Actions run at home; enabled flags and states flow to the copies. */
static void
test_actions (void)
{
  Copy home = { 0, }, b = { 0, };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) clear = g_simple_action_new ("clear", NULL);
  g_autoptr(GSimpleAction) size = g_simple_action_new_stateful ("size", G_VARIANT_TYPE_STRING,
                                                               g_variant_new_string ("small"));
  GActionGroup *proxies;

  g_signal_connect (clear, "activate", G_CALLBACK (clear_activated), &home);
  g_signal_connect (size, "change-state", G_CALLBACK (size_changed), NULL);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (clear));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (size));
  copy_init (&home);
  gtk_widget_insert_action_group (GTK_WIDGET (home.form), "palette", G_ACTION_GROUP (group));
  home.sync = mig_form_sync_new_home (home.form, MIG_FORM_SYNC_COLLABORATIVE);
  mig_form_sync_set_device_id (home.sync, "test-device-home");
  mig_form_sync_share_action_group (home.sync, "palette", G_ACTION_GROUP (group));
  copy_init (&b);
  join (&home, &b, "b", FALSE);

  /* The copy's button runs the home's action. */
  g_assert_true (mig_test_wait_for (clear_enabled, &b, WAIT_MS));
  g_signal_emit_by_name (part (&b, "clear"), "clicked");
  assert_text (part (&b, "name"), "cleared at home");

  proxies = G_ACTION_GROUP (b.sync->groups != NULL ? g_hash_table_lookup (b.sync->groups, "palette") : NULL);
  g_assert_nonnull (proxies);
  g_action_group_change_action_state (proxies, "size", g_variant_new_string ("large"));
  g_assert_true (mig_test_wait_for (size_state_is_large, group, WAIT_MS));
  g_assert_true (mig_test_wait_for (size_state_is_large, proxies, WAIT_MS));

  /* Disabled at home: disabled on the copy. */
  g_simple_action_set_enabled (clear, FALSE);
  g_assert_true (mig_test_wait_for (clear_disabled, &b, WAIT_MS));

  copy_clear (&b);
  copy_clear (&home);
}

typedef struct
{
  gboolean  closed;
  GError   *error;
} Closed;

static void
closed_cb (MigFormSync *sync,
           GError      *error,
           Closed      *closed)
{
  closed->closed = TRUE;
  closed->error = error != NULL ? g_error_copy (error) : NULL;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
peer_left_cb (MigFormSync *sync,
              const char  *device,
              GError      *error,
              char       **left)
{
  g_free (*left);
  *left = g_strdup (device);
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* The home ends the synchronisation, saying why; a copy that goes is
 * seen to go. */
static void
test_ends (void)
{
  Copy home = { 0, }, b = { 0, }, c = { 0, };
  Closed closed = { 0, };
  g_autofree char *left = NULL;

  home_init (&home, MIG_FORM_SYNC_COLLABORATIVE);
  copy_init (&b);
  copy_init (&c);
  join (&home, &b, "b", FALSE);
  join (&home, &c, "c", FALSE);
  g_signal_connect (home.sync, "peer-left", G_CALLBACK (peer_left_cb), &left);

  gtk_editable_set_text (GTK_EDITABLE (part (&c, "name")), "c's last word");
  mig_form_sync_close (c.sync, NULL);
  g_assert_true (mig_test_wait_for (string_set, &left, WAIT_MS));
  g_assert_cmpstr (left, ==, "test-device-c");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (&home, "name"))), ==, "c's last word");

  g_signal_connect (b.sync, "closed", G_CALLBACK (closed_cb), &closed);
  mig_form_sync_close (home.sync, "The game is over");
  g_assert_true (mig_test_wait_for (flag_set, &closed.closed, WAIT_MS));
  g_assert_error (closed.error, MIG_ERROR, MIG_ERROR_FAILED);
  g_assert_cmpstr (closed.error->message, ==, "The game is over");
  g_assert_false (mig_form_sync_get_synced (b.sync));
  g_clear_error (&closed.error);

  copy_clear (&c);
  copy_clear (&b);
  copy_clear (&home);
}

static gboolean
all_same_notes (gpointer data)
{
  Copies *all = data;
  g_autofree char *first = notes_text (&all->copies[0]);

  for (guint i = 1; i < all->n; i++)
    {
      g_autofree char *other = notes_text (&all->copies[i]);

      if (g_strcmp0 (other, first) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
insert_notes (Copy       *copy,
              int         offset,
              const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (part (copy, "notes")));
  GtkTextIter iter;

  if (offset < 0)
    gtk_text_buffer_get_end_iter (buffer, &iter);
  else
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_insert (buffer, &iter, text, -1);
}

/* Two copies type into one text at once, in several rounds, the home too:
 * every copy ends with one text that holds every edit. */
static void
test_concurrent_text (void)
{
  Copy copies[3] = { { 0, }, };
  Copies all = { copies, 3 };
  g_autofree char *text = NULL;

  home_init (&copies[0], MIG_FORM_SYNC_COLLABORATIVE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (part (&copies[0], "notes"))), "Guesses: ", -1);
  gtk_editable_set_text (GTK_EDITABLE (part (&copies[0], "name")), "ab");
  copy_init (&copies[1]);
  copy_init (&copies[2]);
  join (&copies[0], &copies[1], "b", FALSE);
  join (&copies[0], &copies[2], "c", FALSE);

  for (int round = 0; round < 5; round++)
    {
      g_autofree char *b = g_strdup_printf ("b%d ", round);
      g_autofree char *c = g_strdup_printf ("c%d ", round);

      /* At one place, at the end, and the home at the start. */
      insert_notes (&copies[1], 9, b);
      insert_notes (&copies[2], 9, c);
      insert_notes (&copies[2], -1, "!");
      insert_notes (&copies[0], 0, "·");
      mig_form_sync_flush (copies[1].sync);
      mig_form_sync_flush (copies[2].sync);
      mig_form_sync_flush (copies[0].sync);
    }
  /* One entry, typed into at one place on both copies. */
  gtk_editable_insert_text (GTK_EDITABLE (part (&copies[1], "name")), "B", -1, &(int) { 1 });
  gtk_editable_insert_text (GTK_EDITABLE (part (&copies[2], "name")), "C", -1, &(int) { 1 });

  g_assert_true (mig_test_wait_for (all_same_notes, &all, WAIT_MS));
  g_assert_true (mig_test_wait_for (all_same_name, &all, WAIT_MS));
  mig_test_flush ();
  g_assert_true (all_same_notes (&all));
  g_assert_true (all_same_name (&all));
  text = notes_text (&copies[0]);
  for (int round = 0; round < 5; round++)
    {
      g_autofree char *b = g_strdup_printf ("b%d ", round);
      g_autofree char *c = g_strdup_printf ("c%d ", round);

      g_assert_nonnull (strstr (text, b));
      g_assert_nonnull (strstr (text, c));
    }
  g_assert_true (g_str_has_prefix (text, "·····Guesses: "));
  g_assert_true (g_str_has_suffix (text, "!!!!!"));
  g_assert_cmpuint (strlen (gtk_editable_get_text (GTK_EDITABLE (part (&copies[0], "name")))), ==, 4);
  g_assert_nonnull (strchr (gtk_editable_get_text (GTK_EDITABLE (part (&copies[0], "name"))), 'B'));
  g_assert_nonnull (strchr (gtk_editable_get_text (GTK_EDITABLE (part (&copies[0], "name"))), 'C'));

  for (int i = 2; i >= 0; i--)
    copy_clear (&copies[i]);
}

/* Any two edits of one text, applied in either order after transforming,
 * give one text. */
static void
test_transform (void)
{
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  const char *alphabet[] = { "a", "b", "é", "日", "\n", "xyz" };

  for (int i = 0; i < 2000; i++)
    {
      g_autoptr(GString) base = g_string_new (NULL);
      g_autoptr(GString) after_a = NULL;
      g_autoptr(GString) after_b = NULL;
      int n = g_rand_int_range (rand, 0, 12);
      g_autoptr(MigTextOp) a = NULL, b = NULL, a2 = NULL, b2 = NULL;
      g_autofree char *ab = NULL, *ba = NULL, *ta = NULL, *tb = NULL;

      for (int k = 0; k < n; k++)
        g_string_append (base, alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
      after_a = g_string_new (base->str);
      after_b = g_string_new (base->str);
      for (GString **s = (GString *[]) { after_a, after_b, NULL }; *s != NULL; s++)
        {
          glong len = g_utf8_strlen ((*s)->str, -1);
          glong from = g_rand_int_range (rand, 0, len + 1);
          glong to = g_rand_int_range (rand, from, len + 1);
          gsize bf = g_utf8_offset_to_pointer ((*s)->str, from) - (*s)->str;
          gsize bt = g_utf8_offset_to_pointer ((*s)->str, to) - (*s)->str;

          g_string_erase (*s, bf, bt - bf);
          g_string_insert (*s, bf, alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
        }
      a = mig_text_op_new_diff (base->str, after_a->str);
      b = mig_text_op_new_diff (base->str, after_b->str);
      ta = mig_text_op_apply (a, base->str);
      tb = mig_text_op_apply (b, base->str);
      g_assert_cmpstr (ta, ==, after_a->str);
      g_assert_cmpstr (tb, ==, after_b->str);
      g_assert_true (mig_text_op_transform (a, b, &a2, &b2));
      ab = mig_text_op_apply (b2, ta);
      ba = mig_text_op_apply (a2, tb);
      g_assert_nonnull (ab);
      g_assert_cmpstr (ab, ==, ba);
    }
  g_rand_free (rand);
}

typedef struct
{
  GtkWidget  *tally;
  const char *expected;
} TallyIs;

static gboolean
tally_is (gpointer data)
{
  TallyIs *t = data;
  g_autofree char *s = tally_string (t->tally);

  return g_strcmp0 (s, t->expected) == 0;
}

static void
assert_tally (Copy       *copy,
              const char *expected)
{
  TallyIs t = { part (copy, "tally"), expected };
  g_autofree char *s = NULL;

  mig_test_wait_for (tally_is, &t, WAIT_MS);
  s = tally_string (t.tally);
  g_assert_cmpstr (s, ==, expected);
}

/* Steps go to every copy, through the home; a late joiner starts from
 * them all. */
static void
test_events (void)
{
  Copy home = { 0, }, b = { 0, }, c = { 0, }, d = { 0, };
  guint64 before, per_event;

  home_init (&home, MIG_FORM_SYNC_COLLABORATIVE);
  copy_init (&b);
  copy_init (&c);
  join (&home, &b, "b", FALSE);
  join (&home, &c, "c", TRUE);

  tally_add (part (&home, "tally"), 1);
  tally_add (part (&home, "tally"), 2);
  assert_tally (&b, "1,2");
  assert_tally (&c, "1,2");
  before = mig_form_sync_get_bytes_sent (b.sync);
  tally_add (part (&b, "tally"), 3);
  assert_tally (&home, "1,2,3");
  assert_tally (&c, "1,2,3");
  per_event = mig_form_sync_get_bytes_sent (b.sync) - before;
  g_test_message ("one event of one number: %" G_GUINT64_FORMAT " bytes", per_event);
  /* A step, not the whole state. */
  g_assert_cmpuint (per_event, <, 200);

  /* The watcher's own steps go nowhere. */
  mig_test_flush ();

  copy_init (&d);
  join (&home, &d, "d", FALSE);
  assert_tally (&d, "1,2,3");

  copy_clear (&d);
  copy_clear (&c);
  copy_clear (&b);
  copy_clear (&home);
}

/* ---- Hostile messages ---- */

static void
refused_cb (MigFormSync *sync,
            GError      *error,
            GPtrArray   *refusals)
{
  g_assert_true (g_error_matches (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE) ||
                 g_error_matches (error, MIG_ERROR, MIG_ERROR_TOO_LARGE));
  g_ptr_array_add (refusals, g_strdup (error->message));
}

static void
send_raw (MigChannel *channel,
          const char *json)
{
  guint8 header[4] = { strlen (json) >> 24, strlen (json) >> 16, strlen (json) >> 8, strlen (json) };
  g_autoptr(GError) error = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (channel));

  g_assert_true (g_output_stream_write_all (out, header, 4, NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (out, json, strlen (json), NULL, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  GPtrArray *refusals;
  guint      n;
} Count;

static gboolean
refused_at_least (gpointer data)
{
  Count *c = data;

  return c->refusals->len >= c->n;
}

static void
expect_refusal (GPtrArray  *refusals,
                MigChannel *raw,
                const char *json,
                const char *words)
{
  Count c = { refusals, refusals->len + 1 };

  send_raw (raw, json);
  g_assert_true (mig_test_wait_for (refused_at_least, &c, WAIT_MS));
  if (strstr (refusals->pdata[refusals->len - 1], words) == NULL)
    g_error ("refused “%s” for “%s”, not for %s", json, (char *) refusals->pdata[refusals->len - 1], words);
}

static gboolean
has_peer (gpointer sync)
{
  g_auto(GStrv) peers = mig_form_sync_dup_peers (sync);

  return g_strv_length (peers) > 0;
}

static gboolean
z_is_gone (gpointer sync)
{
  g_auto(GStrv) peers = mig_form_sync_dup_peers (sync);

  return !g_strv_contains ((const char * const *) peers, "test-device-z");
}

static gboolean
z_is_present (gpointer sync)
{
  return !z_is_gone (sync);
}

static void
test_hostile (void)
{
  Copy home = { 0, };
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MigChannel) home_end = NULL;
  g_autoptr(MigChannel) raw = NULL;
  g_autoptr(GString) huge = g_string_new ("{\"type\":\"set\",\"path\":\"name\",\"prop\":\"text\",\"clock\":9,"
                                          "\"device\":\"test-device-x\",\"value\":\"");
  guint8 too_long[4] = { 0x7f, 0xff, 0xff, 0xff };

  home_init (&home, MIG_FORM_SYNC_COLLABORATIVE);
  gtk_editable_set_text (GTK_EDITABLE (part (&home, "name")), "untouched");
  g_signal_connect (home.sync, "refused", G_CALLBACK (refused_cb), refusals);

  /* A copy of another form is turned away. */
  channel_pair (&home_end, &raw);
  mig_form_sync_add_peer (home.sync, G_IO_STREAM (home_end), FALSE);
  expect_refusal (refusals, raw, "{\"type\":\"set\",\"path\":\"name\",\"prop\":\"text\",\"value\":\"x\","
                                 "\"clock\":1,\"device\":\"test-device-x\"}", "before the copy was joined");
  expect_refusal (refusals, raw, "{\"type\":\"hello\",\"version\":1,\"form\":\"canvas\",\"device\":\"test-device-x\","
                                 "\"name\":\"X\"}", "another form");
  g_clear_object (&home_end);
  g_clear_object (&raw);

  channel_pair (&home_end, &raw);
  mig_form_sync_add_peer (home.sync, G_IO_STREAM (home_end), FALSE);
  send_raw (raw, "{\"type\":\"hello\",\"version\":1,\"form\":\"palette\",\"device\":\"test-device-x\",\"name\":\"X\"}");
  g_assert_true (mig_test_wait_for (has_peer, home.sync, WAIT_MS));

  expect_refusal (refusals, raw, "not json", "Malformed");
  expect_refusal (refusals, raw, "[1,2,3]", "known type");
  expect_refusal (refusals, raw, "{\"type\":\"teleport\"}", "known type");
  expect_refusal (refusals, raw, "{\"type\":\"set\",\"path\":\"name\",\"prop\":\"text\",\"clock\":1}", "Malformed");
  expect_refusal (refusals, raw, "{\"type\":\"set\",\"path\":\"ghost\",\"prop\":\"text\",\"value\":\"x\","
                                 "\"clock\":1,\"device\":\"test-device-x\"}", "no widget");
  expect_refusal (refusals, raw, "{\"type\":\"set\",\"path\":\"name\",\"prop\":\"colour\",\"value\":\"x\","
                                 "\"clock\":1,\"device\":\"test-device-x\"}", "no property");
  expect_refusal (refusals, raw, "{\"type\":\"set\",\"path\":\"name\",\"prop\":\"text\",\"value\":[1,2],"
                                 "\"clock\":1,\"device\":\"test-device-x\"}", "wrong type");
  expect_refusal (refusals, raw, "{\"type\":\"set\",\"path\":\"thickness\",\"prop\":\"value\",\"value\":\"thick\","
                                 "\"clock\":1,\"device\":\"test-device-x\"}", "wrong type");
  expect_refusal (refusals, raw, "{\"type\":\"set\",\"path\":\"name\",\"prop\":\"cursor\",\"value\":1,"
                                 "\"clock\":1,\"device\":\"test-device-x\"}", "one screen");
  expect_refusal (refusals, raw, "{\"type\":\"set\",\"path\":\"name\",\"prop\":\"text\",\"value\":\"x\","
                                 "\"clock\":1,\"device\":\"test-device-home\"}", "may not make");
  expect_refusal (refusals, raw, "{\"type\":\"set\",\"path\":\"notes\",\"prop\":\"text\",\"value\":\"x\","
                                 "\"clock\":1,\"device\":\"test-device-x\"}", "edited, not set");
  expect_refusal (refusals, raw, "{\"type\":\"edit\",\"path\":\"notes\",\"prop\":\"text\",\"ops\":[5,\"x\"],"
                                 "\"sent\":0,\"seen\":0}", "does not fit");
  expect_refusal (refusals, raw, "{\"type\":\"edit\",\"path\":\"notes\",\"prop\":\"text\",\"ops\":[\"x\"],"
                                 "\"sent\":7,\"seen\":0}", "out of order");
  expect_refusal (refusals, raw, "{\"type\":\"edit\",\"path\":\"thickness\",\"prop\":\"value\",\"ops\":[\"x\"],"
                                 "\"sent\":1,\"seen\":0}", "not a text");
  expect_refusal (refusals, raw, "{\"type\":\"edit\",\"path\":\"notes\",\"prop\":\"text\",\"ops\":[0,{}],"
                                 "\"sent\":1,\"seen\":0}", "retained");
  expect_refusal (refusals, raw, "{\"type\":\"event\",\"path\":\"tally\",\"event\":{\"type\":\"s\",\"value\":\"x\"}}",
                  "does not fit");
  expect_refusal (refusals, raw, "{\"type\":\"event\",\"path\":\"name\",\"event\":{\"type\":\"i\",\"value\":1}}",
                  "takes none");
  expect_refusal (refusals, raw, "{\"type\":\"welcome\",\"mode\":\"exclusive\",\"watcher\":false,"
                                 "\"snapshot\":{},\"actions\":[]}", "does not send");
  expect_refusal (refusals, raw, "{\"type\":\"action\",\"action\":\"app.quit\"}", "no action");
  expect_refusal (refusals, raw, "{\"type\":\"action\",\"action\":\"..\"}", "Malformed");
  expect_refusal (refusals, raw, "{\"type\":\"hello\",\"version\":1,\"form\":\"palette\",\"device\":\"test-device-y\","
                                 "\"name\":\"Y\"}", "second hello");
  while (huge->len < 2 * MIG_SYNC_MAX_VALUE)
    g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (huge, "\"}");
  expect_refusal (refusals, raw, huge->str, "over the limit");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (&home, "name"))), ==, "untouched");
  g_clear_object (&home_end);
  g_clear_object (&raw);

  /* A frame longer than any message ends the link. */
  channel_pair (&home_end, &raw);
  mig_form_sync_add_peer (home.sync, G_IO_STREAM (home_end), FALSE);
  send_raw (raw, "{\"type\":\"hello\",\"version\":1,\"form\":\"palette\",\"device\":\"test-device-z\",\"name\":\"Z\"}");
  g_assert_true (mig_test_wait_for (z_is_present, home.sync, WAIT_MS));
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw)), too_long, 4, NULL,
                                            NULL, NULL));
  g_assert_true (mig_test_wait_for (z_is_gone, home.sync, WAIT_MS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (&home, "name"))), ==, "untouched");

  copy_clear (&home);
}

int
main (int   argc,
      char *argv[])
{
  mig_test_init (&argc, &argv);

  g_test_add_func ("/Mig/FormSync/snapshot", test_snapshot);
  g_test_add_func ("/Mig/FormSync/both-ways", test_both_ways);
  g_test_add_func ("/Mig/FormSync/concurrent-writes", test_concurrent_writes);
  g_test_add_func ("/Mig/FormSync/concurrent-text", test_concurrent_text);
  g_test_add_func ("/Mig/FormSync/transform", test_transform);
  g_test_add_func ("/Mig/FormSync/events", test_events);
  g_test_add_func ("/Mig/FormSync/exclusive", test_exclusive);
  g_test_add_func ("/Mig/FormSync/watcher", test_watcher);
  g_test_add_func ("/Mig/FormSync/actions", test_actions);
  g_test_add_func ("/Mig/FormSync/ends", test_ends);
  g_test_add_func ("/Mig/FormSync/hostile", test_hostile);
  return mig_test_run ();
}
