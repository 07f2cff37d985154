/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "survey-agent"

#include <glib/gi18n.h>

#include "survey-application.h"
#include "survey-transcript.h"

/* The paper's Transcript: a read-only log of every answer so far.  The
 * text lives in the agent's suitcase; this window only shows it, and at
 * home offers to save it as plain text. */
struct _SurveyTranscript
{
  MigWindow parent_instance;

  AdwWindowTitle *window_title;
  AdwToastOverlay *toasts;
  GtkLabel *status;
  GtkTextView *text;
};

G_DEFINE_FINAL_TYPE (SurveyTranscript, survey_transcript, MIG_TYPE_WINDOW)

static SurveyApplication *
get_app (SurveyTranscript *self)
{
  return SURVEY_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
update (SurveyTranscript *self)
{
  SurveyApplication *app = get_app (self);
  g_autofree char *text = survey_application_dup_transcript (app);
  guint visits = survey_application_get_visits (app);
  g_autofree char *status = NULL;

  survey_application_show_device (GTK_WINDOW (self), self->window_title);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text), text, -1);
  if (survey_application_get_stage (app) == SURVEY_STAGE_HOME && !survey_application_can_go_on (app))
    status = g_strdup_printf (g_dngettext (NULL, "The survey is done: %u answer. Save the transcript to keep it.",
                                           "The survey is done: %u answers. Save the transcript to keep it.", visits),
                              visits);
  else
    status = g_strdup_printf (g_dngettext (NULL, "%u answer so far", "%u answers so far", visits), visits);
  gtk_label_set_label (self->status, status);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SurveyTranscript) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    message = g_strdup_printf (_("Transcript saved to %s"), g_file_peek_path (G_FILE (source)));
  else
    message = g_strdup_printf (_("Could not save the transcript: %s"), error->message);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
save_transcript (SurveyTranscript *self,
                 GFile            *file)
{
  char *text = survey_application_dup_transcript (get_app (self));
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       saved_cb, g_object_ref (self));
}

#if GTK_CHECK_VERSION(4, 10, 0)

static void
file_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SurveyTranscript) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (file != NULL)
    save_transcript (self, file);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Save Transcript"));
  gtk_file_dialog_set_accept_label (dialog, _("_Save"));
  /* TRANSLATORS: the file name a transcript is saved under by default */
  gtk_file_dialog_set_initial_name (dialog, _("Survey transcript.txt"));
  gtk_file_dialog_save (dialog, GTK_WINDOW (widget), NULL, file_chosen_cb, g_object_ref (widget));
}

#else

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     SurveyTranscript *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      save_transcript (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SurveyTranscript *self = SURVEY_TRANSCRIPT (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Transcript"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* TRANSLATORS: the file name a transcript is saved under by default */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Survey transcript.txt"));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

#endif

static void
survey_transcript_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SURVEY_TYPE_TRANSCRIPT);

  G_OBJECT_CLASS (survey_transcript_parent_class)->dispose (object);
}

static void
survey_transcript_class_init (SurveyTranscriptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = survey_transcript_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/migui/SurveyAgent/survey-transcript.ui");
  gtk_widget_class_bind_template_child (widget_class, SurveyTranscript, window_title);
  gtk_widget_class_bind_template_child (widget_class, SurveyTranscript, toasts);
  gtk_widget_class_bind_template_child (widget_class, SurveyTranscript, status);
  gtk_widget_class_bind_template_child (widget_class, SurveyTranscript, text);
  gtk_widget_class_install_action (widget_class, "win.save-transcript", NULL, save_activated);
}

static void
survey_transcript_init (SurveyTranscript *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The suitcase carries the transcript; the view is only its display. */
  mig_widget_set_continuable (GTK_WIDGET (self->text), FALSE);
  survey_application_watch_window (GTK_WINDOW (self), G_CALLBACK (update));
}
