/// The keys libpg_query's JSON is made of: every `json_name` of Debian libpg-query-dev's
/// /usr/include/pg_query/pg_query.proto (node types and their fields, in that file's order), then the
/// PL/pgSQL tree's own (those of a function using every kind of statement). A tape looks a key up here
/// first, so a statement's tree does not intern the same few hundred names again; a key missing from
/// this list still reads, through the tape's own table (only slower).
/// Made with: grep -o 'json_name="[^"]*"' pg_query.proto | sed 's/json_name="//;s/"//' | awk '!seen[$0]++'
enum ParseKeys {
    static let vocabulary: ParseTape.KeyTable = {
        var table = ParseTape.KeyTable()
        for name in (protobufNames + "\n" + plpgsqlNames).split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            var key = Array(name.utf8)
            _ = key.withUnsafeMutableBufferPointer {
                let bytes = UnsafeBufferPointer($0)
                return table.intern(bytes, hash: ParseTape.KeyTable.hash(bytes))
            }
        }
        return table
    }()

    private static let protobufNames = """
        Alias RangeVar TableFunc Var Param Aggref GroupingFunc WindowFunc SubscriptingRef FuncExpr NamedArgExpr
        OpExpr DistinctExpr NullIfExpr ScalarArrayOpExpr BoolExpr SubLink SubPlan AlternativeSubPlan FieldSelect
        FieldStore RelabelType CoerceViaIO ArrayCoerceExpr ConvertRowtypeExpr CollateExpr CaseExpr CaseWhen
        CaseTestExpr ArrayExpr RowExpr RowCompareExpr CoalesceExpr MinMaxExpr SQLValueFunction XmlExpr NullTest
        BooleanTest CoerceToDomain CoerceToDomainValue SetToDefault CurrentOfExpr NextValueExpr InferenceElem
        TargetEntry RangeTblRef JoinExpr FromExpr OnConflictExpr IntoClause MergeAction RawStmt Query InsertStmt
        DeleteStmt UpdateStmt MergeStmt SelectStmt ReturnStmt PLAssignStmt AlterTableStmt AlterTableCmd
        AlterDomainStmt SetOperationStmt GrantStmt GrantRoleStmt AlterDefaultPrivilegesStmt ClosePortalStmt
        ClusterStmt CopyStmt CreateStmt DefineStmt DropStmt TruncateStmt CommentStmt FetchStmt IndexStmt
        CreateFunctionStmt AlterFunctionStmt DoStmt RenameStmt RuleStmt NotifyStmt ListenStmt UnlistenStmt
        TransactionStmt ViewStmt LoadStmt CreateDomainStmt CreatedbStmt DropdbStmt VacuumStmt ExplainStmt
        CreateTableAsStmt CreateSeqStmt AlterSeqStmt VariableSetStmt VariableShowStmt DiscardStmt CreateTrigStmt
        CreatePLangStmt CreateRoleStmt AlterRoleStmt DropRoleStmt LockStmt ConstraintsSetStmt ReindexStmt
        CheckPointStmt CreateSchemaStmt AlterDatabaseStmt AlterDatabaseRefreshCollStmt AlterDatabaseSetStmt
        AlterRoleSetStmt CreateConversionStmt CreateCastStmt CreateOpClassStmt CreateOpFamilyStmt AlterOpFamilyStmt
        PrepareStmt ExecuteStmt DeallocateStmt DeclareCursorStmt CreateTableSpaceStmt DropTableSpaceStmt
        AlterObjectDependsStmt AlterObjectSchemaStmt AlterOwnerStmt AlterOperatorStmt AlterTypeStmt DropOwnedStmt
        ReassignOwnedStmt CompositeTypeStmt CreateEnumStmt CreateRangeStmt AlterEnumStmt AlterTSDictionaryStmt
        AlterTSConfigurationStmt CreateFdwStmt AlterFdwStmt CreateForeignServerStmt AlterForeignServerStmt
        CreateUserMappingStmt AlterUserMappingStmt DropUserMappingStmt AlterTableSpaceOptionsStmt
        AlterTableMoveAllStmt SecLabelStmt CreateForeignTableStmt ImportForeignSchemaStmt CreateExtensionStmt
        AlterExtensionStmt AlterExtensionContentsStmt CreateEventTrigStmt AlterEventTrigStmt RefreshMatViewStmt
        ReplicaIdentityStmt AlterSystemStmt CreatePolicyStmt AlterPolicyStmt CreateTransformStmt CreateAmStmt
        CreatePublicationStmt AlterPublicationStmt CreateSubscriptionStmt AlterSubscriptionStmt DropSubscriptionStmt
        CreateStatsStmt AlterCollationStmt CallStmt AlterStatsStmt A_Expr ColumnRef ParamRef FuncCall A_Star
        A_Indices A_Indirection A_ArrayExpr ResTarget MultiAssignRef TypeCast CollateClause SortBy WindowDef
        RangeSubselect RangeFunction RangeTableSample RangeTableFunc RangeTableFuncCol TypeName ColumnDef IndexElem
        StatsElem Constraint DefElem RangeTblEntry RangeTblFunction TableSampleClause WithCheckOption SortGroupClause
        GroupingSet WindowClause ObjectWithArgs AccessPriv CreateOpClassItem TableLikeClause FunctionParameter
        LockingClause RowMarkClause XmlSerialize WithClause InferClause OnConflictClause CTESearchClause
        CTECycleClause CommonTableExpr MergeWhenClause RoleSpec TriggerTransition PartitionElem PartitionSpec
        PartitionBoundSpec PartitionRangeDatum PartitionCmd VacuumRelation PublicationObjSpec PublicationTable
        InlineCodeBlock CallContext Integer Float Boolean String BitString List IntList OidList A_Const aliasname
        colnames catalogname schemaname relname inh relpersistence alias location ns_uris ns_names docexpr rowexpr
        coltypes coltypmods colcollations colexprs coldefexprs notnulls ordinalitycol xpr varno varattno vartype
        vartypmod varcollid varlevelsup varnosyn varattnosyn paramkind paramid paramtype paramtypmod paramcollid
        aggfnoid aggtype aggcollid inputcollid aggtranstype aggargtypes aggdirectargs args aggorder aggdistinct
        aggfilter aggstar aggvariadic aggkind agglevelsup aggsplit aggno aggtransno refs cols winfnoid wintype
        wincollid winref winstar winagg refcontainertype refelemtype refrestype reftypmod refcollid refupperindexpr
        reflowerindexpr refexpr refassgnexpr funcid funcresulttype funcretset funcvariadic funcformat funccollid arg
        name argnumber opno opfuncid opresulttype opretset opcollid hashfuncid negfuncid useOr boolop subLinkType
        subLinkId testexpr operName subselect paramIds plan_id plan_name firstColType firstColTypmod
        firstColCollation useHashTable unknownEqFalse parallel_safe setParam parParam startup_cost per_call_cost
        subplans fieldnum resulttype resulttypmod resultcollid newvals fieldnums relabelformat coerceformat elemexpr
        convertformat collOid casetype casecollid defresult expr result typeId typeMod collation array_typeid
        array_collid element_typeid elements multidims row_typeid row_format rctype opnos opfamilies inputcollids
        largs rargs coalescetype coalescecollid minmaxtype minmaxcollid op type typmod named_args arg_names xmloption
        nulltesttype argisrow booltesttype coercionformat cvarno cursor_name cursor_param seqid infercollid
        inferopclass resno resname ressortgroupref resorigtbl resorigcol resjunk rtindex jointype isNatural larg rarg
        usingClause join_using_alias quals fromlist action arbiterElems arbiterWhere constraint onConflictSet
        onConflictWhere exclRelIndex exclRelTlist rel colNames accessMethod options onCommit tableSpaceName viewQuery
        skipData matched commandType override qual targetList updateColnos stmt stmt_location stmt_len querySource
        canSetTag utilityStmt resultRelation hasAggs hasWindowFuncs hasTargetSRFs hasSubLinks hasDistinctOn
        hasRecursive hasModifyingCTE hasForUpdate hasRowSecurity isReturn cteList rtable jointree mergeActionList
        mergeUseOuterJoin onConflict returningList groupClause groupDistinct groupingSets havingQual windowClause
        distinctClause sortClause limitOffset limitCount limitOption rowMarks setOperations constraintDeps
        withCheckOptions relation selectStmt onConflictClause withClause whereClause fromClause sourceRelation
        joinCondition mergeWhenClauses intoClause havingClause valuesLists lockingClause all returnval indirection
        nnames val cmds objtype missing_ok subtype num newowner def behavior recurse typeName colTypes colTypmods
        colCollations groupClauses is_grant targtype objects privileges grantees grant_option grantor granted_roles
        grantee_roles admin_opt portalname indexname params query attlist is_from is_program filename tableElts
        inhRelations partbound partspec ofTypename constraints oncommit tablespacename if_not_exists kind oldstyle
        defnames definition replace removeType concurrent relations restart_seqs object comment direction howMany
        ismove idxname tableSpace indexParams indexIncludingParams excludeOpNames idxcomment indexOid oldNode
        oldCreateSubid oldFirstRelfilenodeSubid unique nulls_not_distinct primary isconstraint deferrable
        initdeferred transformed reset_default_tblspc is_procedure funcname parameters returnType sql_body func
        actions renameType relationType subname newname rulename event instead conditionname payload savepoint_name
        gid chain view aliases withCheckOption domainname collClause dbname rels is_vacuumcmd into is_select_into
        sequence ownerId for_identity is_local target trigname row timing events columns whenClause transitionRels
        constrrel plname plhandler plinline plvalidator pltrusted stmt_type role roles mode nowait deferred authrole
        schemaElts setstmt database conversion_name for_encoding_name to_encoding_name func_name sourcetype
        targettype context inout opclassname opfamilyname amname datatype items isDefault isDrop argtypes owner
        objectType extname remove newschema opername newrole typevar coldeflist vals oldVal newVal newValNeighbor
        newValIsAfter skipIfNewValExists dictname cfgname tokentype dicts fdwname func_options servername servertype
        version has_version user isReset orig_tablespacename new_tablespacename provider label base server_name
        remote_schema local_schema list_type table_list eventname whenclause tgenabled identity_type policy_name
        table cmd_name permissive with_check type_name lang fromsql tosql handler_name amtype pubname pubobjects
        for_all_tables conninfo publication stat_types exprs stxcomment collname funccall funcexpr outargs
        stxstattarget lexpr rexpr fields number agg_order agg_filter over agg_within_group agg_star agg_distinct
        func_variadic is_slice lidx uidx source colno ncolumns node sortby_dir sortby_nulls useOp refname
        partitionClause orderClause frameOptions startOffset endOffset lateral subquery ordinality is_rowsfrom
        functions method repeatable namespaces colname for_ordinality is_not_null colexpr coldefexpr names typeOid
        setof pct_type typmods typemod arrayBounds compression inhcount is_from_type storage raw_default
        cooked_default identity identitySequence generated fdwoptions indexcolname opclass opclassopts ordering
        nulls_ordering contype conname is_no_inherit raw_expr cooked_expr generated_when keys including exclusions
        indexspace access_method where_clause pktable fk_attrs pk_attrs fk_matchtype fk_upd_action fk_del_action
        fk_del_set_cols old_conpfeqop old_pktable_oid skip_validation initially_valid defnamespace defname defaction
        rtekind relid relkind rellockmode tablesample security_barrier joinmergedcols joinaliasvars joinleftcols
        joinrightcols funcordinality tablefunc values_lists ctename ctelevelsup self_reference enrname enrtuples eref
        inFromCl requiredPerms checkAsUser selectedCols insertedCols updatedCols extraUpdatedCols securityQuals
        funccolcount funccolnames funccoltypes funccoltypmods funccolcollations funcparams tsmhandler polname
        cascaded tleSortGroupRef eqop sortop nulls_first hashable content runCondition startInRangeFunc
        endInRangeFunc inRangeColl inRangeAsc inRangeNullsFirst copiedOrder objname objargs objfuncargs
        args_unspecified priv_name itemtype order_family class_args storedtype relationOid argType defexpr lockedRels
        strength waitPolicy rti pushedDown ctes recursive indexElems infer search_col_list search_breadth_first
        search_seq_column cycle_col_list cycle_mark_column cycle_mark_value cycle_mark_default cycle_path_column
        cycle_mark_type cycle_mark_typmod cycle_mark_collation cycle_mark_neop aliascolnames ctematerialized ctequery
        search_clause cycle_clause cterecursive cterefcount ctecolnames ctecoltypes ctecoltypmods ctecolcollations
        condition values roletype rolename isNew isTable strategy partParams is_default modulus remainder listdatums
        lowerdatums upperdatums value bound oid va_cols pubobjtype pubtable source_text langOid langIsTrusted atomic
        """

    private static let plpgsqlNames = """
        PLpgSQL_function datums PLpgSQL_var PLpgSQL_type typname lineno default_val PLpgSQL_expr PLpgSQL_row isconst
        PLpgSQL_stmt_block body PLpgSQL_stmt_if cond then_body PLpgSQL_stmt_execsql sqlstmt elsif_list
        PLpgSQL_if_elsif stmts PLpgSQL_stmt_raise elog_level message PLpgSQL_stmt_fors var PLpgSQL_stmt_exit is_exit
        PLpgSQL_stmt_fori lower upper PLpgSQL_stmt_perform PLpgSQL_stmt_while PLpgSQL_stmt_assign
        PLpgSQL_stmt_foreach_a PLpgSQL_stmt_dynexecute PLpgSQL_stmt_dynfors PLpgSQL_stmt_return_query dynquery
        PLpgSQL_stmt_getdiag diag_items PLpgSQL_diag_item PLpgSQL_stmt_case t_expr t_varno case_when_list
        PLpgSQL_case_when have_else PLpgSQL_stmt_assert PLpgSQL_stmt_call is_call exceptions PLpgSQL_exception_block
        exc_list PLpgSQL_exception conditions PLpgSQL_condition condname PLpgSQL_stmt_return
        """
}
