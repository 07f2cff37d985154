/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

/**
 * SurveyStage:
 * @SURVEY_STAGE_NEW: on the originating device, before the first hop
 * @SURVEY_STAGE_AWAY: on a device of the agenda
 * @SURVEY_STAGE_HOME: back on the originating device after the journey
 *
 * Where the agent is in its journey.
 */
typedef enum
{
  SURVEY_STAGE_NEW,
  SURVEY_STAGE_AWAY,
  SURVEY_STAGE_HOME,
} SurveyStage;

#define SURVEY_TYPE_APPLICATION (survey_application_get_type ())

G_DECLARE_FINAL_TYPE (SurveyApplication, survey_application, SURVEY, APPLICATION, MigApplication)

SurveyApplication *survey_application_new            (void);
SurveyStage        survey_application_get_stage      (SurveyApplication *self);
const char        *survey_application_get_origin_name (SurveyApplication *self);
guint              survey_application_get_visits     (SurveyApplication *self);
guint              survey_application_get_n_stops    (SurveyApplication *self);
guint              survey_application_get_next_stop  (SurveyApplication *self);
void               survey_application_get_stop       (SurveyApplication *self,
                                                      guint              index,
                                                      const char       **person,
                                                      const char       **host);
void               survey_application_add_stop       (SurveyApplication *self,
                                                      const char        *person,
                                                      const char        *host);
const char        *survey_application_get_person_here (SurveyApplication *self);
char              *survey_application_dup_transcript (SurveyApplication *self);
void               survey_application_arrived        (SurveyApplication *self);
void               survey_application_reset          (SurveyApplication *self);
void               survey_application_show_device    (GtkWindow         *window,
                                                      AdwWindowTitle    *title);
void               survey_application_watch_window   (GtkWindow         *window,
                                                      GCallback          update);
gboolean           survey_application_get_hopping    (SurveyApplication *self);
gboolean           survey_application_can_go_on      (SurveyApplication *self);
void               survey_application_done           (SurveyApplication *self,
                                                      const char        *name,
                                                      const char        *comments,
                                                      const char        *choice,
                                                      const char        *answer);

G_END_DECLS
