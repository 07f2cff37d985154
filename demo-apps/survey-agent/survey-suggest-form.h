/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "survey-application.h"

G_BEGIN_DECLS

#define SURVEY_TYPE_SUGGEST_FORM (survey_suggest_form_get_type ())

G_DECLARE_FINAL_TYPE (SurveySuggestForm, survey_suggest_form, SURVEY, SUGGEST_FORM, GtkPopover)

void survey_suggest_form_set_application (SurveySuggestForm *self,
                                          SurveyApplication *app);

G_END_DECLS
