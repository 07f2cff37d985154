/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The questions libmigui asks (an AdwAlertDialog where libadwaita has one,
 * else an AdwMessageDialog): shown over a window or standing alone, with
 * headings that name devices and applications and so are often wider than
 * the dialog, answered, closed.  GTK's warnings are fatal here: libadwaita
 * 1.5–1.7 warns of any heading wider than its dialog (see mig-alert.c). */

#include "mig-alert-private.h"
#include "mig-test-utils.h"

#define LONG_HEADING "Living-room desktop of the Cardelli family wants to send Survey Agent"
#define LONG_BODY "Accept it to continue the application on this device, where it left off."

static gboolean
label_shown_in (GtkWidget  *root,
                const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_shown_in (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
is_gone (gpointer weak)
{
  return *(gpointer *) weak == NULL;
}

static void
response_cb (GtkWidget  *alert,
             const char *response,
             char      **answer)
{
  g_assert_null (*answer);
  *answer = g_strdup (response);
}

/* Standing alone, as the peer shell's "… wants to send …" question. */
static void
test_alert_alone (void)
{
  GtkWidget *alert = mig_alert_new (LONG_HEADING, LONG_BODY);
  g_autofree char *answer = NULL;

  g_object_add_weak_pointer (G_OBJECT (alert), (gpointer *) &alert);
  mig_alert_add_response (alert, "decline", "_Decline", ADW_RESPONSE_DEFAULT);
  mig_alert_add_response (alert, "accept", "_Accept", ADW_RESPONSE_SUGGESTED);
  mig_alert_set_default_response (alert, "accept");
  mig_alert_set_close_response (alert, "decline");
  g_signal_connect (alert, "response", G_CALLBACK (response_cb), &answer);
  mig_alert_present (alert, NULL);

  g_assert_true (mig_test_wait_for (is_mapped, alert, 5000));
  mig_test_flush ();
  g_assert_true (mig_alert_find (NULL, LONG_HEADING) == alert);
  g_assert_true (mig_alert_find (NULL, NULL) == alert);
  g_assert_null (mig_alert_find (NULL, "Another heading"));
  g_assert_cmpstr (mig_alert_get_heading (alert), ==, LONG_HEADING);
  g_assert_cmpstr (mig_alert_get_body (alert), ==, LONG_BODY);
  /* The whole heading and body are there to read, wrapped. */
  g_assert_true (label_shown_in (alert, LONG_HEADING));
  g_assert_true (label_shown_in (alert, LONG_BODY));
  g_assert_cmpint (gtk_widget_get_width (alert), <=, 600);

  mig_alert_respond (alert, "accept");
  g_assert_cmpstr (answer, ==, "accept");
  g_assert_true (mig_test_wait_for (is_gone, &alert, 5000));
}

/* Over a phone-narrow window, with an extra child below the body, as the
 * "Sending …" progress; closed without an answer. */
static void
test_alert_over_window (void)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *alert = mig_alert_new (LONG_HEADING, NULL);
  g_autofree char *answer = NULL;

  g_object_add_weak_pointer (G_OBJECT (alert), (gpointer *) &alert);
  adw_window_set_content (ADW_WINDOW (window), gtk_label_new ("Contents"));
  gtk_window_set_default_size (GTK_WINDOW (window), 340, 500);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (mig_test_wait_for (is_mapped, window, 5000));

  mig_alert_add_response (alert, "cancel", "_Cancel", ADW_RESPONSE_DEFAULT);
  mig_alert_set_close_response (alert, "cancel");
  mig_alert_set_extra_child (alert, spinner);
  g_signal_connect (alert, "response", G_CALLBACK (response_cb), &answer);
  mig_alert_present (alert, window);

  g_assert_true (mig_test_wait_for (is_mapped, alert, 5000));
  mig_test_flush ();
  g_assert_true (mig_alert_find (window, LONG_HEADING) == alert);
  g_assert_true (label_shown_in (alert, LONG_HEADING));
  g_assert_null (mig_alert_get_body (alert));
  g_assert_true (gtk_widget_is_ancestor (spinner, alert));
  g_assert_true (gtk_widget_get_mapped (spinner));

  mig_alert_close (alert);
  g_assert_true (mig_test_wait_for (is_gone, &alert, 5000));
  g_assert_null (answer);
  g_assert_null (mig_alert_find (window, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  mig_test_init (&argc, &argv);
  g_test_add_func ("/Mig/Alert/alone", test_alert_alone);
  g_test_add_func ("/Mig/Alert/over-window", test_alert_over_window);
  return mig_test_run ();
}
