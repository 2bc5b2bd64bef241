@B
predictionJ€ÄLXAÏ ŸB@Cú²ŸÂ0ÏÂöTÃ)yAzFÂsÃ¨s¤A¬PÕBc¯=C
×Áå¡B©;ÂŽC8¿CÅt&ÂöCCùbÝAÌB=ßÂ‰ÇB®åEÂ~;}ÁðtÃÝBßÈËÂécBÿCñ21Ã”eëÂLTkCÔwÒÂ[û‘B	ÙÃús\CÞEKByð¾ÂZß&BˆÇ6ÂnnÇBâ*Â?œ*Ã*æÆB\2vBosC¾ñëAW¬VÃ·[æÂÖÁ˜QÐ@HŒ‡Ãl›Ãpè‹CUÕGCã_gB©¥æAãùÁ h@J‹¸Â°8ÂÇ˜AòáC