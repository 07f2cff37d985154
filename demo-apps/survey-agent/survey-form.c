/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "survey-agent"

#include <glib/gi18n.h>

#include "survey-application.h"
#include "survey-form.h"

/* The paper's SurveyForm: a Yes / Maybe / No question, and a text answer
 * with a "Success" slider whose value is copied into it as it moves. */
struct _SurveyForm
{
  MigWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkCheckButton *yes;
  GtkCheckButton *maybe;
  GtkCheckButton *no;
  GtkEntry *answer;
  GtkRange *success;
  GtkBox *choices;
};

G_DEFINE_FINAL_TYPE (SurveyForm, survey_form, MIG_TYPE_WINDOW)

/* Only what the user does to the slider copies its value: a restored
 * slider must not overwrite the restored answer. */
static gboolean
success_change_value_cb (GtkRange      *range,
                         GtkScrollType  scroll,
                         double         value,
                         SurveyForm    *self)
{
  GtkAdjustment *adjustment = gtk_range_get_adjustment (range);
  g_autofree char *text = NULL;

  value = CLAMP (value, gtk_adjustment_get_lower (adjustment), gtk_adjustment_get_upper (adjustment));
  text = g_strdup_printf ("%.0f", value);
  gtk_editable_set_text (GTK_EDITABLE (self->answer), text);
  return FALSE;
}

/* Returns the label of the chosen answer, as the user read it. */
const char *
survey_form_get_choice (SurveyForm *self)
{
  GtkCheckButton *buttons[] = { self->yes, self->maybe, self->no };

  g_return_val_if_fail (SURVEY_IS_FORM (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (gtk_check_button_get_active (buttons[i]))
      {
        const char *label = gtk_check_button_get_label (buttons[i]);

        /* Without the mnemonic's underline. */
        return label[0] == '_' ? label + 1 : label;
      }
  return _("(no answer)");
}

const char *
survey_form_get_answer (SurveyForm *self)
{
  g_return_val_if_fail (SURVEY_IS_FORM (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->answer));
}

void
survey_form_reset (SurveyForm *self)
{
  g_return_if_fail (SURVEY_IS_FORM (self));

  gtk_check_button_set_active (self->yes, FALSE);
  gtk_check_button_set_active (self->maybe, FALSE);
  gtk_check_button_set_active (self->no, FALSE);
  gtk_range_set_value (self->success, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->answer), "");
}

static void
update (SurveyForm *self)
{
  survey_application_show_device (GTK_WINDOW (self), self->window_title);
}

static void
survey_form_adapt (MigWindow        *window,
                   MigDeviceProfile *profile)
{
  SurveyForm *self = SURVEY_FORM (window);

  /* One column on a phone: the choices stack. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->choices),
                                  mig_device_profile_get_width (profile) < 600 ? GTK_ORIENTATION_VERTICAL
                                                                               : GTK_ORIENTATION_HORIZONTAL);
}

static void
survey_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SURVEY_TYPE_FORM);

  G_OBJECT_CLASS (survey_form_parent_class)->dispose (object);
}

static void
survey_form_class_init (SurveyFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = survey_form_dispose;
  MIG_WINDOW_CLASS (klass)->adapt = survey_form_adapt;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/migui/SurveyAgent/survey-form.ui");
  gtk_widget_class_bind_template_child (widget_class, SurveyForm, window_title);
  gtk_widget_class_bind_template_child (widget_class, SurveyForm, yes);
  gtk_widget_class_bind_template_child (widget_class, SurveyForm, maybe);
  gtk_widget_class_bind_template_child (widget_class, SurveyForm, no);
  gtk_widget_class_bind_template_child (widget_class, SurveyForm, answer);
  gtk_widget_class_bind_template_child (widget_class, SurveyForm, success);
  gtk_widget_class_bind_template_child (widget_class, SurveyForm, choices);
  gtk_widget_class_bind_template_callback (widget_class, success_change_value_cb);
}

static void
survey_form_init (SurveyForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  survey_application_watch_window (GTK_WINDOW (self), G_CALLBACK (update));
}
