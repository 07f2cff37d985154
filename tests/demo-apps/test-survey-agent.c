/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "mig-form-tree-private.h"
#include "mig-state-private.h"
#include "mig-test-utils.h"
#include "survey-application.h"
#include "survey-comments-form.h"
#include "survey-form.h"
#include "survey-transcript.h"

/* The survey agent in one process, on a 360×720 screen (see
 * tests/meson.build): its suitcase, its slider, hostile suitcases, and its
 * windows arriving from a desktop on a phone.  Its journeys between hosts
 * are tests/testbed/test-survey.sh. */

static SurveyApplication *
agent_new (void)
{
  static SurveyApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = survey_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
      mig_application_set_recovery_enabled (MIG_APPLICATION (app), FALSE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  survey_application_reset (app);
  g_application_activate (G_APPLICATION (app));
  mig_test_flush ();
  return g_object_ref (app);
}

static gpointer
window_of_type (SurveyApplication *app,
                GType              type)
{
  g_autoptr(GList) windows = mig_test_windows_of_type (GTK_APPLICATION (app), type);

  g_assert_cmpuint (g_list_length (windows), ==, 1);
  return windows->data;
}

static gpointer
child (gpointer    window,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (window, type, name);

  g_assert_nonnull (object);
  return object;
}

/* Restores @tree in place of the agent's windows, as an arrival would. */
static void
arrive (SurveyApplication *app,
        MigFormTree       *tree)
{
  g_autoptr(MigFormTree) copy = mig_test_roundtrip (tree);
  g_autoptr(GError) error = NULL;

  mig_test_destroy_windows (GTK_APPLICATION (app));
  g_assert_true (mig_application_restore (MIG_APPLICATION (app), copy, MIG_RESTORE_REASON_MIGRATE, &error));
  g_assert_no_error (error);
  mig_test_flush ();
}

static JsonObject *
suitcase_value (MigFormTree *tree)
{
  return mig_json_get_object (mig_json_get_object (mig_form_tree_get_root (tree), "suitcase"), "value");
}

static void
test_new_survey (void)
{
  g_autoptr(SurveyApplication) app = agent_new ();
  SurveyCommentsForm *comments = window_of_type (app, SURVEY_TYPE_COMMENTS_FORM);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (child (comments, SURVEY_TYPE_COMMENTS_FORM, "comments"));
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;

  window_of_type (app, SURVEY_TYPE_FORM);
  g_assert_null (mig_test_windows_of_type (GTK_APPLICATION (app), SURVEY_TYPE_TRANSCRIPT));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "Please Type Your Comments Here");

  /* A new survey starts here, and cannot leave with an empty agenda. */
  g_assert_cmpint (survey_application_get_stage (app), ==, SURVEY_STAGE_NEW);
  g_assert_cmpstr (survey_application_get_origin_name (app), ==,
                   mig_application_lookup_briefing (MIG_APPLICATION (app), "device-name"));
  g_assert_false (survey_application_can_go_on (app));
  g_assert_false (gtk_widget_is_sensitive (child (comments, SURVEY_TYPE_COMMENTS_FORM, "done_button")));
  survey_application_add_stop (app, "Bob", "Device B");
  g_assert_true (survey_application_can_go_on (app));
  g_assert_true (gtk_widget_is_sensitive (child (comments, SURVEY_TYPE_COMMENTS_FORM, "done_button")));
  title = g_strdup_printf ("Comments — %s", survey_application_get_origin_name (app));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (comments)), ==, title);

  mig_test_quit_app (g_steal_pointer (&app));
}

static void
test_slider (void)
{
  g_autoptr(SurveyApplication) app = agent_new ();
  SurveyForm *form = window_of_type (app, SURVEY_TYPE_FORM);
  GtkRange *success = child (form, SURVEY_TYPE_FORM, "success");
  GtkEditable *answer = child (form, SURVEY_TYPE_FORM, "answer");
  g_autoptr(MigFormTree) tree = NULL;

  /* The user moves it: the value is copied into the answer as it moves. */
  g_signal_emit_by_name (success, "move-slider", GTK_SCROLL_STEP_RIGHT);
  g_assert_cmpstr (gtk_editable_get_text (answer), ==, "10");
  g_signal_emit_by_name (success, "move-slider", GTK_SCROLL_STEP_RIGHT);
  g_assert_cmpstr (gtk_editable_get_text (answer), ==, "20");
  g_signal_emit_by_name (success, "move-slider", GTK_SCROLL_END);
  g_assert_cmpstr (gtk_editable_get_text (answer), ==, "100");

  /* Then types over it; a restore must not copy the slider over that. */
  gtk_editable_set_text (answer, "Very, this year");
  gtk_check_button_set_active (child (form, SURVEY_TYPE_FORM, "maybe"), TRUE);
  tree = mig_application_checkpoint (MIG_APPLICATION (app));
  arrive (app, tree);
  form = window_of_type (app, SURVEY_TYPE_FORM);
  g_assert_cmpfloat (gtk_range_get_value (child (form, SURVEY_TYPE_FORM, "success")), ==, 100);
  g_assert_cmpstr (survey_form_get_answer (form), ==, "Very, this year");
  g_assert_cmpstr (survey_form_get_choice (form), ==, "Maybe");

  survey_form_reset (form);
  g_assert_cmpstr (survey_form_get_answer (form), ==, "");
  g_assert_cmpfloat (gtk_range_get_value (child (form, SURVEY_TYPE_FORM, "success")), ==, 0);
  g_assert_cmpstr (survey_form_get_choice (form), ==, "(no answer)");

  mig_test_quit_app (g_steal_pointer (&app));
}

static void
test_suitcase (void)
{
  g_autoptr(SurveyApplication) app = agent_new ();
  g_autoptr(MigFormTree) tree = NULL;
  g_autofree char *origin = NULL;
  JsonObject *suitcase;
  const char *person, *host;

  origin = g_strdup (survey_application_get_origin_name (app));
  survey_application_add_stop (app, "Bob", "Device B");
  survey_application_add_stop (app, "Cleo", "10.0.0.3:47810");
  tree = mig_application_checkpoint (MIG_APPLICATION (app));
  suitcase = suitcase_value (tree);
  g_assert_cmpstr (json_object_get_string_member (mig_json_get_object (suitcase, "origin-id"), "value"), ==,
                   mig_application_lookup_briefing (MIG_APPLICATION (app), "device-id"));

  /* Away: another device's briefing would say so; here the tree says the
   * agent left and its origin is elsewhere. */
  json_object_set_string_member (mig_json_get_object (suitcase, "origin-id"), "value", "elsewhere");
  json_object_set_boolean_member (mig_json_get_object (suitcase, "departed"), "value", TRUE);
  json_object_set_int_member (mig_json_get_object (suitcase, "next"), "value", 1);
  arrive (app, tree);

  g_assert_cmpint (survey_application_get_stage (app), ==, SURVEY_STAGE_AWAY);
  g_assert_cmpuint (survey_application_get_n_stops (app), ==, 2);
  g_assert_cmpuint (survey_application_get_next_stop (app), ==, 1);
  survey_application_get_stop (app, 1, &person, &host);
  g_assert_cmpstr (person, ==, "Cleo");
  g_assert_cmpstr (host, ==, "10.0.0.3:47810");
  g_assert_cmpstr (survey_application_get_person_here (app), ==, "Bob");
  g_assert_cmpstr (survey_application_get_origin_name (app), ==, origin);
  /* An arrival always shows the transcript, and Done may go on. */
  window_of_type (app, SURVEY_TYPE_TRANSCRIPT);
  g_assert_true (survey_application_can_go_on (app));

  mig_test_quit_app (g_steal_pointer (&app));
}

static void
test_hostile_suitcase (void)
{
  g_autoptr(SurveyApplication) app = agent_new ();
  g_autoptr(MigFormTree) tree = NULL;
  JsonObject *suitcase;

  survey_application_add_stop (app, "Bob", "Device B");
  tree = mig_application_checkpoint (MIG_APPLICATION (app));
  suitcase = suitcase_value (tree);
  /* An index past the agenda, and fields of the wrong types. */
  json_object_set_int_member (mig_json_get_object (suitcase, "next"), "value", 99);
  json_object_set_string_member (mig_json_get_object (suitcase, "visits"), "type", "s");
  json_object_set_string_member (mig_json_get_object (suitcase, "visits"), "value", "many");
  json_object_set_string_member (mig_json_get_object (suitcase, "agenda"), "type", "as");
  json_object_set_array_member (mig_json_get_object (suitcase, "agenda"), "value", json_array_new ());
  arrive (app, tree);

  /* The wrongly typed agenda is ignored (the one here stays), the index
   * is kept within it, and the visits are left as they were. */
  g_assert_cmpuint (survey_application_get_n_stops (app), ==, 1);
  g_assert_cmpuint (survey_application_get_next_stop (app), ==, 1);
  g_assert_cmpuint (survey_application_get_visits (app), ==, 0);

  mig_test_quit_app (g_steal_pointer (&app));
}

static gboolean
settled (gpointer app)
{
  return !survey_application_get_hopping (app);
}

static void
test_unreachable (void)
{
  g_autoptr(SurveyApplication) app = agent_new ();
  g_autoptr(MigFormTree) tree = NULL;
  g_autofree char *transcript = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *suitcase;

  /* Away from a home that is as unreachable as the one stop left: a
   * closed port on this machine. */
  survey_application_add_stop (app, "Nobody", "127.0.0.1:1");
  tree = mig_application_checkpoint (MIG_APPLICATION (app));
  suitcase = suitcase_value (tree);
  json_object_set_string_member (mig_json_get_object (suitcase, "origin-id"), "value", "127.0.0.1:1");
  json_object_set_string_member (mig_json_get_object (suitcase, "origin-name"), "value", "Home");
  json_object_set_boolean_member (mig_json_get_object (suitcase, "departed"), "value", TRUE);
  arrive (app, tree);
  g_assert_cmpint (survey_application_get_stage (app), ==, SURVEY_STAGE_AWAY);

  survey_application_done (app, "Ann", "Hello", "Yes", "10");
  g_assert_true (mig_test_wait_for (settled, app, 20000));
  transcript = survey_application_dup_transcript (app);
  lines = g_strsplit (transcript, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==, "Ann said: Hello");
  g_assert_cmpstr (lines[1], ==, "Qn 1: Yes Qn 2: 10");
  g_assert_true (g_str_has_prefix (lines[2], "Could not reach 127.0.0.1:1: "));
  g_assert_true (g_str_has_prefix (lines[3], "Could not go home to Home: "));
  g_assert_cmpuint (survey_application_get_visits (app), ==, 1);

  /* Nothing is lost: the agent runs here still, and Done tries home
   * again without recording the answers twice. */
  window_of_type (app, SURVEY_TYPE_COMMENTS_FORM);
  g_assert_true (survey_application_can_go_on (app));
  survey_application_done (app, "Ann", "Hello again", "No", "20");
  g_assert_true (mig_test_wait_for (settled, app, 20000));
  g_clear_pointer (&transcript, g_free);
  g_clear_pointer (&lines, g_strfreev);
  transcript = survey_application_dup_transcript (app);
  lines = g_strsplit (transcript, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_true (g_str_has_prefix (lines[4], "Could not go home to Home: "));
  g_assert_cmpuint (survey_application_get_visits (app), ==, 1);

  mig_test_quit_app (g_steal_pointer (&app));
}

static void
test_phone (void)
{
  g_autoptr(SurveyApplication) app = agent_new ();
  g_autoptr(MigFormTree) tree = NULL;
  JsonObject *profile;
  SurveyCommentsForm *comments;

  comments = window_of_type (app, SURVEY_TYPE_COMMENTS_FORM);
  g_assert_cmpint (gtk_orientable_get_orientation (child (comments, SURVEY_TYPE_COMMENTS_FORM, "buttons")), ==,
                   GTK_ORIENTATION_HORIZONTAL);

  tree = mig_application_checkpoint (MIG_APPLICATION (app));
  profile = mig_json_get_object (mig_json_get_object (mig_form_tree_get_root (tree), "origin"), "profile");
  json_object_set_string_member (profile, "form-factor", "desktop");
  json_object_set_int_member (profile, "width", 1920);
  json_object_set_int_member (profile, "height", 1080);
  arrive (app, tree);

  /* One column: the buttons and the choices stack, the windows fill the
   * screen. */
  comments = window_of_type (app, SURVEY_TYPE_COMMENTS_FORM);
  g_assert_cmpint (gtk_orientable_get_orientation (child (comments, SURVEY_TYPE_COMMENTS_FORM, "buttons")), ==,
                   GTK_ORIENTATION_VERTICAL);
  g_assert_cmpint (gtk_orientable_get_orientation (child (window_of_type (app, SURVEY_TYPE_FORM), SURVEY_TYPE_FORM,
                                                          "choices")), ==, GTK_ORIENTATION_VERTICAL);
  g_assert_true (mig_test_wait_for (mig_test_is_maximized, comments, 5000));

  mig_test_quit_app (g_steal_pointer (&app));
}

int
main (int   argc,
      char *argv[])
{
  mig_test_init (&argc, &argv);

  g_test_add_func ("/Survey/new-survey", test_new_survey);
  g_test_add_func ("/Survey/slider", test_slider);
  g_test_add_func ("/Survey/suitcase", test_suitcase);
  g_test_add_func ("/Survey/hostile-suitcase", test_hostile_suitcase);
  g_test_add_func ("/Survey/unreachable", test_unreachable);
  g_test_add_func ("/Survey/phone", test_phone);

  return mig_test_run ();
}
